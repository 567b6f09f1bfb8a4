package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pluralForm returns the CLDR plural category of the integer n in lang:
// "one" or "other", the two the theme's strings give. French puts 0 and 1
// in "one" ("0 entrée", "1 entrée"), English only 1; a language without
// rules here follows English.
func pluralForm(lang string, n int) string {
	switch lang {
	case "fr":
		if n == 0 || n == 1 {
			return "one"
		}
	default:
		if n == 1 {
			return "one"
		}
	}
	return "other"
}

// separators returns the group and decimal separators of lang: French
// groups digits with a narrow no-break space (U+202F), as the Imprimerie
// nationale and CLDR do, so that "1 500" never breaks across lines.
func separators(lang string) (group, decimal string) {
	if lang == "fr" {
		return "\u202f", ","
	}
	return ",", "."
}

// formatInt writes n with lang's digit grouping: 1 500 or 1,500.
func formatInt(lang string, n int64) string {
	group, _ := separators(lang)
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatNumber writes x with lang's separators: whole numbers without a
// decimal part, others with as many decimals as they need, at most three.
func formatNumber(lang string, x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	if x == math.Trunc(x) && math.Abs(x) < 1e18 {
		return formatInt(lang, int64(x))
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 3 {
		s = strconv.FormatFloat(x, 'f', 3, 64)
		whole, frac, _ = strings.Cut(s, ".")
		frac = strings.TrimRight(frac, "0")
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	out := formatInt(lang, w)
	if whole == "-0" {
		out = "-0"
	}
	if frac == "" {
		return out
	}
	_, decimal := separators(lang)
	return out + decimal + frac
}

// toFloat converts the numbers templates hand over (lengths, counts,
// sizes, figures) to a float64.
func toFloat(v any) (float64, error) {
	switch v := v.(type) {
	case int:
		return float64(v), nil
	case int64:
		return float64(v), nil
	case int32:
		return float64(v), nil
	case uint64:
		return float64(v), nil
	case float64:
		return v, nil
	case float32:
		return float64(v), nil
	}
	return 0, fmt.Errorf("not a number: %T", v)
}

// fileSizeUnits are the units of formatSize by language, in powers of
// 1,000 as the SI and the French octet prefixes are.
var fileSizeUnits = map[string][]string{
	"fr": {"octets", "Ko", "Mo", "Go", "To"},
	"en": {"bytes", "kB", "MB", "GB", "TB"},
}

// formatSize writes a file size for readers: "980 octets", "12,3 Ko",
// "4.5 MB". One decimal below 100 units, none above.
func formatSize(lang string, n int64) string {
	units, ok := fileSizeUnits[lang]
	if !ok {
		units = fileSizeUnits["en"]
	}
	if n < 1000 {
		return formatInt(lang, n) + "\u00a0" + units[0]
	}
	x := float64(n)
	i := 0
	for x >= 1000 && i < len(units)-1 {
		x /= 1000
		i++
	}
	if x < 100 {
		x = math.Round(x*10) / 10
	} else {
		x = math.Round(x)
	}
	return formatNumber(lang, x) + "\u00a0" + units[i]
}

var monthsByLang = map[string][]string{
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// formatPartialDate writes a date of the content, YYYY, YYYY-MM or
// YYYY-MM-DD, in lang's words: "mai 2018", "19 September 2024". Anything
// else is returned as it is.
func formatPartialDate(lang, s string) string {
	months, ok := monthsByLang[lang]
	if !ok {
		months = monthsByLang["en"]
	}
	parts := strings.Split(s, "-")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || len(p) != []int{4, 2, 2}[min(i, 2)] || i > 2 {
			return s
		}
		nums[i] = n
	}
	switch len(nums) {
	case 1:
		return parts[0]
	case 2:
		if nums[1] < 1 || nums[1] > 12 {
			return s
		}
		return months[nums[1]-1] + " " + parts[0]
	case 3:
		if nums[1] < 1 || nums[1] > 12 || nums[2] < 1 || nums[2] > 31 {
			return s
		}
		day := strconv.Itoa(nums[2])
		if lang == "fr" && nums[2] == 1 {
			day = "1er"
		}
		return day + " " + months[nums[1]-1] + " " + parts[0]
	}
	return s
}
