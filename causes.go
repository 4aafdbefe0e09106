package orglife

import (
	"strings"
	"unicode/utf8"
)

// CauseCategory is the heading under which a 对照检查材料 analyses a cause (原因剖析): usually
// 理想信念, 党性修养, 宗旨意识 and 纪律规矩, with 其他 for a cause that names none of them.
type CauseCategory int

// The categories, in the order a material lists them.
const (
	CauseIdeals     CauseCategory = iota + 1 // 理想信念
	CauseParty                               // 党性修养
	CausePurpose                             // 宗旨意识
	CauseDiscipline                          // 纪律规矩
	CauseOther                               // 其他
)

// CauseCategories lists the categories in document order.
var CauseCategories = []CauseCategory{CauseIdeals, CauseParty, CausePurpose, CauseDiscipline, CauseOther}

var causeCategoryNames = map[CauseCategory][2]string{
	CauseIdeals:     {"理想信念", "Ideals and convictions"},
	CauseParty:      {"党性修养", "Party spirit"},
	CausePurpose:    {"宗旨意识", "Sense of purpose"},
	CauseDiscipline: {"纪律规矩", "Discipline and rules"},
	CauseOther:      {"其他", "Other"},
}

// Name is the category as documents name it.
func (c CauseCategory) Name(lang Lang) string { return localName(causeCategoryNames[c], lang) }

// Valid reports whether c is a known category.
func (c CauseCategory) Valid() bool { _, ok := causeCategoryNames[c]; return ok }

// causeKeywords are the words that place a cause under a category. They are the words
// 对照检查材料 use in those paragraphs: 理论学习 and 信仰 under 理想信念 (a weak grasp of
// theory is analysed as wavering convictions), 要求不严 and 放松 under 党性修养, 群众 and 服务
// under 宗旨意识, 制度 and 廉洁 under 纪律规矩.
var causeKeywords = []struct {
	cat   CauseCategory
	words []string
}{
	{CauseIdeals, []string{"理想", "信念", "信仰", "初心", "使命", "世界观", "人生观", "价值观", "理论学习", "理论武装", "政治站位", "政治意识", "思想认识", "认识不足", "认识不到位", "重要性"}},
	{CauseParty, []string{"党性", "修养", "锻炼", "自我要求", "要求不严", "标准不高", "放松", "松懈", "懈怠", "进取", "自我革命", "精神状态", "担当", "斗争精神", "批评"}},
	{CausePurpose, []string{"宗旨", "群众", "为民", "为人民", "服务意识", "服务", "基层", "一线", "人民"}},
	{CauseDiscipline, []string{"纪律", "规矩", "规定", "制度", "廉洁", "八项", "底线", "红线", "法纪", "党章", "党规", "作风"}},
}

// ClassifyCause places a cause a member wrote under a category, and returns the cause as
// the material quotes it. The member's own choice comes first: a cause that begins with a
// category's name followed by 方面, ：, : or ， (「党性修养：对自己要求不严」) is placed there and
// the prefix dropped. Otherwise a keyword rule decides: the category with the most of its
// causeKeywords in the text, ties to the earlier category in CauseCategories; a cause with
// none of them is 其他. The rule never rewrites the cause itself.
func ClassifyCause(cause string) (CauseCategory, string) {
	text := strings.TrimSpace(cause)
	for _, c := range CauseCategories {
		name := c.Name(LangZH)
		rest, ok := strings.CutPrefix(text, name)
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "方面")
		for _, sep := range []string{"：", ":", "，", ",", "。", " "} {
			if r, ok := strings.CutPrefix(rest, sep); ok {
				if r = strings.TrimSpace(r); utf8.RuneCountInString(r) > 0 {
					return c, r
				}
			}
		}
	}
	best, most := CauseOther, 0
	for _, k := range causeKeywords {
		n := 0
		for _, w := range k.words {
			n += strings.Count(text, w)
		}
		if n > most {
			best, most = k.cat, n
		}
	}
	return best, text
}
