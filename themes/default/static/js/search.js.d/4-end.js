  // 4-end.js closes the function of 0-begin.js: under Node it exports
  // the engine and the analyzers; in a browser it enhances the page.
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
