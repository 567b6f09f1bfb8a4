package export

import (
	"encoding/json"
	"math"
	"testing"
)

// sample is a value of every shape appendJSON writes itself, with s in
// every place a string goes.
func sample(s string, f float64) any {
	rec := object{{"id", s}, {"n", 3}, {"big", int64(1) << 40}, {"x", f}, {"ok", true}, {"none", nil},
		{"list", []string{s, "", "a<b>&c"}}, {"empty", []string{}}, {"sub", []object{{{s, s}}, {}}},
		{"nested", object{{"deep", []any{s, 1.5, object{{"k", []string{s}}}}}}}}
	enc, err := appendJSON(nil, rec, 0)
	if err != nil {
		panic(err)
	}
	return object{{"records", []indented{enc, enc}}, {"one", indented(enc)}, {"rec", rec},
		{"fallback", map[string]any{"m": []int{1, 2}, "o": rec}}}
}

func checkEncode(t *testing.T, s string, f float64) {
	v := sample(s, f)
	got, err := appendJSON(nil, v, 0)
	if err != nil {
		t.Fatalf("appendJSON(%q, %v): %v", s, f, err)
	}
	want, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("appendJSON(%q, %v) =\n%s\nwant (json.MarshalIndent)\n%s", s, f, got, want)
	}
	compact, err := appendJSON(nil, v, -1)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := json.Marshal(v); string(compact) != string(want) {
		t.Fatalf("compact appendJSON(%q) =\n%s\nwant (json.Marshal)\n%s", s, compact, want)
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "plain", "é à ç", "quote \" backslash \\ slash /", "<script>&</script>",
		"ctl \x00 \x01 \x1f \b \f \n \r \t", "sep \u2028 \u2029", "bad \xff utf8 \xc3", "emoji 😀", "\u007f"} {
		for _, f := range []float64{0, 1, -2.5, 1e-7, 1e21, 123456789.125, math.SmallestNonzeroFloat64} {
			checkEncode(t, s, f)
		}
	}
	if _, err := appendJSON(nil, math.NaN(), 0); err == nil {
		t.Error("appendJSON(NaN) gave no error")
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("plain", 1.5)
	f.Add("<\u2028\xff>", 1e-9)
	f.Fuzz(func(t *testing.T, s string, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		checkEncode(t, s, x)
	})
}
