  if (typeof module !== "undefined" && module.exports) {
    module.exports = {
      engine: engine,
      tokenize: tokenize,
      analyzers: analyzers,
      fold: fold,
      QueryError: QueryError
    };
  } else if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", page);
    else page();
  }
})();
