package polish

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reason is what a rewrite changed that it may not: why the guard kept the template's sentence.
type Reason string

// The reasons a rewrite is rejected.
const (
	ReasonNumber Reason = "number" // a number added or dropped (digits, full-width or Chinese numerals)
	ReasonDate   Reason = "date"   // a date added or dropped
	ReasonName   Reason = "name"   // a known person's name added or dropped
	ReasonTitle  Reason = "title"  // a quoted title (《…》, “…”, 「…」) or a 【…】 mark added or dropped
	ReasonShape  Reason = "shape"  // empty, several paragraphs, or far longer than the sentence
)

// Facts are what a sentence states that a rewrite must keep: each kind as a set.
type Facts struct {
	Numbers []string // canonical decimals: "3", "2023", "1.5"
	Dates   []string // "2023-10-9", "-10-9" (no year), "2023-10-" (no day)
	Names   []string // known names, as given
	Titles  []string // quoted text with its brackets: 《实施方案》, “三会一课”, 【待补充：会议日期】
}

// quotePairs are the brackets whose content is a title or a mark the rewrite must keep.
var quotePairs = [][2]rune{{'《', '》'}, {'“', '”'}, {'「', '」'}, {'【', '】'}}

// FactsOf extracts the facts of s; names are the people the guard knows (the branch's members
// and the meeting's guests). A name inside a quoted title counts as a name too.
func FactsOf(s string, names []string) Facts {
	s = halfWidthDigits(s)
	var f Facts
	f.Titles = titles(s)
	rest := s
	f.Names, rest = findNames(rest, names)
	f.Dates = dates(rest)
	f.Numbers = numbers(rest)
	for _, l := range [][]string{f.Numbers, f.Dates, f.Names, f.Titles} {
		slices.Sort(l)
	}
	f.Numbers, f.Dates, f.Names, f.Titles = slices.Compact(f.Numbers), slices.Compact(f.Dates), slices.Compact(f.Names), slices.Compact(f.Titles)
	return f
}

// Check is the guard: the reasons to reject rewrite of sentence, written from sources (the
// sentences it was compiled from; none when the sentence is its own source). The rewrite
// may state no fact that is neither in the sentence nor in its sources (added), and must
// keep every fact of the sentence (dropped). Nil means the rewrite is accepted.
func Check(sentence, rewrite string, sources []string, names []string) []Reason {
	var out []Reason
	if strings.TrimSpace(rewrite) == "" || strings.ContainsAny(strings.TrimSpace(rewrite), "\n\r") ||
		utf8.RuneCountInString(rewrite) > 3*utf8.RuneCountInString(sentence)+20 {
		out = append(out, ReasonShape)
	}
	want := FactsOf(sentence, names)
	allowed := want
	for _, src := range sources {
		allowed = union(allowed, FactsOf(src, names))
	}
	got := FactsOf(rewrite, names)
	for _, k := range []struct {
		r                  Reason
		want, allowed, got []string
	}{
		{ReasonNumber, want.Numbers, allowed.Numbers, got.Numbers},
		{ReasonDate, want.Dates, allowed.Dates, got.Dates},
		{ReasonName, want.Names, allowed.Names, got.Names},
		{ReasonTitle, want.Titles, allowed.Titles, got.Titles},
	} {
		if !subset(k.want, k.got) || !subset(k.got, k.allowed) {
			out = append(out, k.r)
		}
	}
	return out
}

func union(a, b Facts) Facts {
	join := func(x, y []string) []string {
		z := slices.Concat(x, y)
		slices.Sort(z)
		return slices.Compact(z)
	}
	return Facts{Numbers: join(a.Numbers, b.Numbers), Dates: join(a.Dates, b.Dates), Names: join(a.Names, b.Names), Titles: join(a.Titles, b.Titles)}
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// halfWidthDigits writes full-width digits (０–９) and the full-width decimal point between
// digits as ASCII, so that ３ and 3 are the same number.
func halfWidthDigits(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= '０' && r <= '９' || r == '．' }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		}
		return r
	}, s)
}

// titles are the quoted spans of s, brackets included; an unclosed bracket quotes nothing.
func titles(s string) []string {
	var out []string
	rs := []rune(s)
	for _, p := range quotePairs {
		for i := 0; i < len(rs); i++ {
			if rs[i] != p[0] {
				continue
			}
			j := slices.Index(rs[i+1:], p[1])
			if j < 0 {
				break
			}
			out = append(out, string(rs[i:i+j+2]))
			i += j + 1
		}
	}
	return out
}

// findNames finds the known names in s, longest first so that 王某某 is not also 王某, and
// returns s with each found name blanked out (so its characters count as nothing else).
func findNames(s string, names []string) ([]string, string) {
	sorted := slices.Clone(names)
	slices.SortFunc(sorted, func(a, b string) int { return len(b) - len(a) })
	var found []string
	for _, n := range sorted {
		n = strings.TrimSpace(n)
		if n == "" || !strings.Contains(s, n) {
			continue
		}
		found = append(found, n)
		s = strings.ReplaceAll(s, n, "\x00")
	}
	return found, s
}

// The numerals of Chinese numbers.
const (
	cnDigits = "〇零一二两三四五六七八九"
	cnUnits  = "十百千万亿"
)

var cnDigitValue = map[rune]int64{'〇': 0, '零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// cnCounters are what a Chinese numeral is counted in when it is a number rather than part of
// a word (一些, 统一, 进一步, 十分): 三个, 两次, 十名, 一是 (an ordinal), 二〇二三年.
var cnCounters = []string{"个", "次", "名", "人", "位", "条", "项", "篇", "年", "月", "日", "号", "小时", "天", "周", "对",
	"份", "批", "届", "期", "章", "节", "点", "岁", "是", "元", "万", "亿", "场", "轮", "本", "部", "件", "类", "种", "方面", "%", "％"}

// numbers are the numbers of s, canonical: ASCII digit runs (with a decimal part), and runs of
// Chinese numerals after 第 or before a counter word.
func numbers(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		switch r := rs[i]; {
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			if j+1 < len(rs) && rs[j] == '.' && rs[j+1] >= '0' && rs[j+1] <= '9' {
				j++
				for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
					j++
				}
			}
			out = append(out, canonical(string(rs[i:j])))
			i = j
		case strings.ContainsRune(cnDigits+cnUnits, r):
			j := i
			for j < len(rs) && strings.ContainsRune(cnDigits+cnUnits, rs[j]) {
				j++
			}
			after := string(rs[j:])
			counted := i > 0 && rs[i-1] == '第' || slices.ContainsFunc(cnCounters, func(c string) bool { return strings.HasPrefix(after, c) })
			if v, ok := chineseValue(rs[i:j]); ok && counted {
				out = append(out, v)
			}
			i = j
		default:
			i++
		}
	}
	return out
}

// canonical is a decimal without leading zeros (and without a trailing fractional zero).
func canonical(d string) string {
	whole, frac, _ := strings.Cut(d, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		return whole + "." + frac
	}
	return whole
}

// chineseValue reads a run of Chinese numerals: a positional one (二〇二三) or one with units
// (三十五, 一百零八, 两万). A run that is neither (十十) is kept as its text.
func chineseValue(rs []rune) (string, bool) {
	if len(rs) == 0 {
		return "", false
	}
	if !slices.ContainsFunc(rs, func(r rune) bool { return strings.ContainsRune(cnUnits, r) }) {
		if len(rs) == 1 {
			return strconv.FormatInt(cnDigitValue[rs[0]], 10), true
		}
		var b strings.Builder
		for _, r := range rs {
			b.WriteString(strconv.FormatInt(cnDigitValue[r], 10))
		}
		return canonical(b.String()), true
	}
	var total, section, digit int64
	seen := false
	for _, r := range rs {
		if total > 1<<50 || section > 1<<50 {
			return string(rs), true // no sentence counts that high: keep the text itself
		}
		if v, ok := cnDigitValue[r]; ok {
			digit, seen = v, true
			continue
		}
		unit := map[rune]int64{'十': 10, '百': 100, '千': 1000, '万': 10000, '亿': 100000000}[r]
		if unit >= 10000 {
			section = (section + digit) * unit
			total += section
			section, digit = 0, 0
			continue
		}
		if !seen && digit == 0 {
			digit = 1 // 十五: the leading 一 is left out
		}
		section += digit * unit
		digit, seen = 0, false
	}
	return strconv.FormatInt(total+section+digit, 10), true
}

// datePatterns are the dates a sentence writes, after Chinese numerals of a date were read:
// 2023年10月9日, 10月9日, 2023年10月, 2023-10-09, 2023/10/9, 2023.10.9.
var datePatterns = []*regexp.Regexp{
	regexp.MustCompile(`(?:(\d{2,4})年)?(\d{1,2})月(?:(\d{1,2})[日号])?`),
	regexp.MustCompile(`(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})`),
}

// dates are the dates of s as year-month-day, a part left out empty.
func dates(s string) []string {
	s = chineseDateNumerals(s)
	var out []string
	for _, re := range datePatterns {
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			part := func(i int) string {
				if m[i] == "" {
					return ""
				}
				return canonical(m[i])
			}
			out = append(out, part(1)+"-"+part(2)+"-"+part(3))
		}
	}
	return out
}

var cnDateRun = regexp.MustCompile(`[〇零一二两三四五六七八九十]+[年月日号]`)

// chineseDateNumerals writes the Chinese numerals of dates (二〇二三年十月九日) as digits.
func chineseDateNumerals(s string) string {
	return cnDateRun.ReplaceAllStringFunc(s, func(m string) string {
		rs := []rune(m)
		v, _ := chineseValue(rs[:len(rs)-1])
		return v + string(rs[len(rs)-1])
	})
}
