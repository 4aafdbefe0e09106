package polish

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var members = []string{"张书记", "王某", "王某某", "李明"}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		name, sentence, rewrite string
		sources                 []string
		want                    []Reason
	}{
		{"same", "支部开展集中学习2次。", "支部开展集中学习2次。", nil, nil},
		{"reworded", "支部开展集中学习2次，参加15人次。", "支部共组织集中学习2次，累计参加15人次。", nil, nil},
		{"number added", "支部开展集中学习2次。", "支部开展集中学习2次，共计4小时。", nil, []Reason{ReasonNumber}},
		{"number dropped", "应到7名，实到6名。", "党员基本全部到会。", nil, []Reason{ReasonNumber}},
		{"number changed", "应到7名，实到6名。", "应到7名，实到5名。", nil, []Reason{ReasonNumber}},
		{"full-width digits are the same", "应到7名，实到6名。", "应到７名，实到６名。", nil, nil},
		{"Chinese numerals are the same", "对三个关键环节明确了责任人。", "对3个关键环节明确了责任人。", nil, nil},
		{"Chinese numeral changed", "对三个关键环节明确了责任人。", "对四个关键环节明确了责任人。", nil, []Reason{ReasonNumber}},
		{"Chinese numeral added", "支部开展了学习。", "支部开展了两次学习。", nil, []Reason{ReasonNumber}},
		{"ordinal kept", "一是理论学习不深入。", "一是理论学习还不够深入。", nil, nil},
		{"ordinal dropped", "一是理论学习不深入。", "理论学习还不够深入。", nil, []Reason{ReasonNumber}},
		{"words with 一 are no numbers", "进一步统一了思想。", "思想更加统一。", nil, nil},
		{"tens", "党员十五名参加。", "15名党员参加。", nil, nil},
		{"decimal", "共计4.5小时。", "共计4.50小时。", nil, nil},
		{"date reworded", "2023年10月9日，支部召开会议。", "支部于2023年10月9日召开会议。", nil, nil},
		{"date as numerals", "2023年10月9日召开。", "二〇二三年十月九日召开。", nil, nil},
		{"date dashed", "2023年10月9日召开。", "2023-10-09召开。", nil, nil},
		{"date swapped", "2023年10月9日召开。", "2023年9月10日召开。", nil, []Reason{ReasonDate}},
		{"date dropped", "10月9日前完成。", "按时完成。", nil, []Reason{ReasonNumber, ReasonDate}},
		{"name kept", "王某同志指出，要加强学习。", "王某同志强调，要加强学习。", nil, nil},
		{"name added", "领导指出，要加强学习。", "李明同志指出，要加强学习。", nil, []Reason{ReasonName}},
		{"name dropped", "王某同志指出，要加强学习。", "领导指出，要加强学习。", nil, []Reason{ReasonName}},
		{"longer name is another", "王某同志指出。", "王某某同志指出。", nil, []Reason{ReasonName}},
		{"title kept", "制定了《实施方案》。", "研究制定了《实施方案》。", nil, nil},
		{"title changed", "制定了《实施方案》。", "制定了《工作方案》。", nil, []Reason{ReasonTitle}},
		{"quote dropped", "对“会前、会中、会后”明确了时限。", "对会前、会中、会后明确了时限。", nil, []Reason{ReasonTitle}},
		{"pending mark kept", "【待补充：会议日期】召开会议。", "定于【待补充：会议日期】召开会议。", nil, nil},
		{"pending mark dropped", "【待补充：会议日期】召开会议。", "近日召开会议。", nil, []Reason{ReasonTitle}},
		{"number from the sources", "学习不够系统。", "半年只读了2本书，学习不够系统。", []string{"半年只读了2本书"}, nil},
		{"name from the sources", "学习不够系统。", "李明学习不够系统。", []string{"李明：学习不够系统"}, nil},
		{"number in no source", "学习不够系统。", "半年只读了3本书，学习不够系统。", []string{"半年只读了2本书"}, []Reason{ReasonNumber}},
		{"empty", "学习不够系统。", "  ", nil, []Reason{ReasonShape}},
		{"two paragraphs", "学习不够系统。", "学习不够\n系统。", nil, []Reason{ReasonShape}},
		{"far longer", "学习不够。", strings.Repeat("学习不够深入系统。", 10), nil, []Reason{ReasonShape}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Check(c.sentence, c.rewrite, c.sources, members)
			if !slices.Equal(got, c.want) {
				t.Errorf("Check(%q, %q) = %v, want %v (facts %+v / %+v)", c.sentence, c.rewrite, got, c.want,
					FactsOf(c.sentence, members), FactsOf(c.rewrite, members))
			}
		})
	}
}

func TestFactsOf(t *testing.T) {
	f := FactsOf("2023年10月9日，王某某带领党员十五名学习《党章》，开展“三会一课”3次，第二次由李明主讲。", members)
	want := Facts{
		Numbers: []string{"10", "15", "2", "2023", "3", "9"},
		Dates:   []string{"2023-10-9"},
		Names:   []string{"李明", "王某某"},
		Titles:  []string{"“三会一课”", "《党章》"}, // sorted
	}
	if !slices.Equal(f.Numbers, want.Numbers) || !slices.Equal(f.Dates, want.Dates) || !slices.Equal(f.Names, want.Names) || !slices.Equal(f.Titles, want.Titles) {
		t.Errorf("FactsOf = %+v, want %+v", f, want)
	}
}

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"甲。乙！丙？", []string{"甲。", "乙！", "丙？"}},
		{"制定了《方案。草案》，并部署。再学习", []string{"制定了《方案。草案》，并部署。", "再学习"}},
		{"他说“好。”然后走了。", []string{"他说“好。”", "然后走了。"}},
		{"【待补充：会议日期。】", []string{"【待补充：会议日期。】"}},
		{"", nil},
	} {
		got := Split(c.in)
		if !slices.Equal(got, c.want) || strings.Join(got, "") != c.in {
			t.Errorf("Split(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseNumbered(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     map[int]string
	}{
		{"plain", "1. 甲。\n2. 乙。", map[int]string{1: "甲。", 2: "乙。"}},
		{"other marks", "1、甲。\n（2）乙。\n３：丙。", map[int]string{1: "甲。", 2: "乙。", 3: "丙。"}},
		{"fenced and chatty", "好的，以下是改写：\n```\n1. 甲。\n2. 乙\n继续。\n```", map[int]string{1: "甲。", 2: "乙继续。"}},
		{"out of range and repeated", "0. 零\n1. 甲\n1. 又一个\n9. 九", map[int]string{1: "甲"}},
		{"no numbers", "我无法完成这个请求。", map[int]string{}},
		{"empty item", "1.\n2. 乙", map[int]string{2: "乙"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ParseNumbered(c.in, 3)
			if len(got) != len(c.want) {
				t.Fatalf("ParseNumbered = %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("item %d = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// FuzzGuard checks the guard against an oracle of what must hold whatever the sentence: a
// sentence is its own accepted rewrite, also with its digits written full-width; a rewrite
// that adds a number, a title or a known name absent from the sentence, or drops a number or
// a name, is rejected for it; an empty rewrite is rejected.
func FuzzGuard(f *testing.F) {
	for _, s := range []string{"2023年10月9日，支部召开会议。", "应到7名，实到6名。", "一是理论学习不深入。", "制定了《实施方案》。",
		"王某同志指出，要加强学习。", "【待补充：会议日期】", "对三个关键环节明确了责任人。", "十十万亿一百零八", "２０２３．５", "《《》》“”"} {
		f.Add(s, "李明")
	}
	f.Fuzz(func(t *testing.T, s, name string) {
		if !utf8.ValidString(s) || !utf8.ValidString(name) {
			return
		}
		var names []string
		if name = strings.TrimSpace(name); name != "" && !strings.ContainsFunc(name, func(r rune) bool {
			return r >= '0' && r <= '9' || r >= '０' && r <= '９' || strings.ContainsRune(cnDigits+cnUnits+"《》“”「」【】年月日号第-/.．\x00", r)
		}) {
			names = []string{name}
		}
		if r := Check(s, s, nil, names); len(r) > 0 && !(len(r) == 1 && r[0] == ReasonShape) {
			t.Fatalf("a sentence is not its own rewrite: %q → %v", s, r)
		}
		wide := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return '０' + (r - '0')
			}
			return r
		}, s)
		if got, want := FactsOf(wide, names), FactsOf(s, names); !slices.Equal(got.Numbers, want.Numbers) || !slices.Equal(got.Dates, want.Dates) {
			t.Fatalf("full-width digits changed the facts of %q: %+v vs %+v", s, got, want)
		}
		facts := FactsOf(s, names)
		if !slices.Contains(facts.Numbers, "9876543") {
			if r := Check(s, s+"共9876543次。", nil, names); !slices.Contains(r, ReasonNumber) {
				t.Fatalf("an added number passed: %q → %v", s, r)
			}
			if r := Check(s+"共9876543次。", s, nil, names); !slices.Contains(r, ReasonNumber) {
				t.Fatalf("a dropped number passed: %q → %v", s, r)
			}
			if r := Check(s+"共9876543次。", s+"共9876543次。", []string{"来源"}, names); len(r) > 0 && !slices.Equal(r, []Reason{ReasonShape}) {
				t.Fatalf("a sentence with a number is not its own rewrite: %q → %v", s, r)
			}
		}
		if !strings.ContainsAny(s, "《》") {
			if r := Check(s, s+"《新增标题》", nil, names); !slices.Contains(r, ReasonTitle) {
				t.Fatalf("an added title passed: %q → %v", s, r)
			}
		}
		if len(names) == 1 && !strings.Contains(s, names[0]) {
			if r := Check(s, s+"。"+names[0]+"同志", nil, names); !slices.Contains(r, ReasonName) {
				t.Fatalf("an added name %q passed: %q → %v", names[0], s, r)
			}
			if r := Check(s+names[0], s, nil, names); !slices.Contains(r, ReasonName) {
				t.Fatalf("a dropped name %q passed: %q → %v", names[0], s, r)
			}
		}
		if r := Check(s, "", nil, names); !slices.Contains(r, ReasonShape) {
			t.Fatalf("an empty rewrite passed: %v", r)
		}
	})
}

// FuzzParseNumbered: whatever the model answers, the parser never panics and keeps only
// non-empty items numbered 1 to n; and two items written as the instructions ask read back
// as they were written.
func FuzzParseNumbered(f *testing.F) {
	for _, s := range []string{"1. 甲。\n2. 乙。", "```\n1、甲\n```", "（1）甲\n续\n3：丙", "１. 全角", "无编号"} {
		f.Add(s, "支部开展集中学习2次。", "王某同志指出：3. 要加强学习")
	}
	f.Fuzz(func(t *testing.T, answer, a, b string) {
		got := ParseNumbered(answer, 5)
		for k, v := range got {
			if k < 1 || k > 5 || v == "" {
				t.Fatalf("ParseNumbered(%q) has item %d = %q", answer, k, v)
			}
		}
		if !utf8.ValidString(a) || !utf8.ValidString(b) || strings.ContainsAny(a+b, "\r\n") ||
			strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
			return
		}
		back := ParseNumbered("1. "+a+"\n2. "+b+"\n", 2)
		if len(back) != 2 || back[1] != strings.TrimSpace(a) || back[2] != strings.TrimSpace(b) {
			t.Fatalf("1. %q / 2. %q read back as %v", a, b, back)
		}
	})
}
