package render

import "testing"

func TestPluralForm(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"fr", 0, "one"}, {"fr", 1, "one"}, {"fr", 2, "other"}, {"fr", 1500, "other"},
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"},
		{"de", 1, "one"}, {"de", 0, "other"},
	} {
		if got := pluralForm(tc.lang, tc.n); got != tc.want {
			t.Errorf("pluralForm(%q, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		lang string
		x    float64
		want string
	}{
		{"fr", 0, "0"}, {"fr", 999, "999"}, {"fr", 1500, "1\u202f500"}, {"fr", 40000000, "40\u202f000\u202f000"},
		{"fr", -1234, "-1\u202f234"}, {"fr", 2.5, "2,5"}, {"fr", 1234.5, "1\u202f234,5"}, {"fr", 0.12345, "0,123"},
		{"en", 1500, "1,500"}, {"en", 2.5, "2.5"}, {"en", 300000000, "300,000,000"}, {"en", -0.5, "-0.5"},
		{"en", 100000, "100,000"}, {"en", 1.0001, "1"},
	} {
		if got := formatNumber(tc.lang, tc.x); got != tc.want {
			t.Errorf("formatNumber(%q, %v) = %q, want %q", tc.lang, tc.x, got, tc.want)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int64
		want string
	}{
		{"fr", 0, "0\u00a0octets"}, {"fr", 999, "999\u00a0octets"}, {"fr", 1000, "1\u00a0Ko"}, {"fr", 12345, "12,3\u00a0Ko"},
		{"fr", 4_560_000, "4,6\u00a0Mo"}, {"fr", 123_456_789, "123\u00a0Mo"},
		{"en", 512, "512\u00a0bytes"}, {"en", 12345, "12.3\u00a0kB"}, {"en", 99_960, "100\u00a0kB"}, {"en", 2_500_000_000, "2.5\u00a0GB"},
	} {
		if got := formatSize(tc.lang, tc.n); got != tc.want {
			t.Errorf("formatSize(%q, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestFormatPartialDate(t *testing.T) {
	for _, tc := range []struct{ lang, in, want string }{
		{"fr", "2018", "2018"}, {"fr", "2018-05", "mai 2018"}, {"fr", "2024-09-19", "19 septembre 2024"}, {"fr", "2024-09-01", "1er septembre 2024"},
		{"en", "2018-05", "May 2018"}, {"en", "2024-09-19", "19 September 2024"},
		{"en", "2018-13", "2018-13"}, {"en", "May 2018", "May 2018"}, {"en", "18-05", "18-05"}, {"en", "2018-05-01-02", "2018-05-01-02"}, {"en", "", ""},
	} {
		if got := formatPartialDate(tc.lang, tc.in); got != tc.want {
			t.Errorf("formatPartialDate(%q, %q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}
