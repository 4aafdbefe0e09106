package orglife

import "testing"

func TestClassifyCause(t *testing.T) {
	tests := []struct {
		cause    string
		want     CauseCategory
		wantText string
	}{
		{"对理论学习的重要性认识不足", CauseIdeals, "对理论学习的重要性认识不足"},
		{"理想信念有所弱化，初心使命淡化", CauseIdeals, "理想信念有所弱化，初心使命淡化"},
		{"宗旨意识有所淡化", CausePurpose, "宗旨意识有所淡化"},
		{"联系群众不够，服务意识不强", CausePurpose, "联系群众不够，服务意识不强"},
		{"党性锻炼放松，对自己要求不严", CauseParty, "党性锻炼放松，对自己要求不严"},
		{"纪律规矩意识淡薄，执行制度打折扣", CauseDiscipline, "纪律规矩意识淡薄，执行制度打折扣"},
		{"工作忙", CauseOther, "工作忙"},
		{"", CauseOther, ""},
		// The member's choice wins over the keywords.
		{"党性修养：群众观念不强", CauseParty, "群众观念不强"},
		{"纪律规矩方面，对理论学习不重视", CauseDiscipline, "对理论学习不重视"},
		{"其他：时间安排不合理", CauseOther, "时间安排不合理"},
		// A category's name alone, or as a word of the sentence, is no choice.
		{"宗旨意识", CausePurpose, "宗旨意识"},
		{"理想信念不够坚定", CauseIdeals, "理想信念不够坚定"},
		// Ties go to the earlier category: 信念 (理想信念) and 群众 (宗旨意识).
		{"信念动摇，脱离群众", CauseIdeals, "信念动摇，脱离群众"},
		// The most keywords win: 群众, 服务, 基层 against 放松.
		{"放松了为群众服务的要求，很少去基层", CausePurpose, "放松了为群众服务的要求，很少去基层"},
	}
	for _, tc := range tests {
		got, text := ClassifyCause(tc.cause)
		if got != tc.want || text != tc.wantText {
			t.Errorf("ClassifyCause(%q) = %s %q, want %s %q", tc.cause, got.Name(LangZH), text, tc.want.Name(LangZH), tc.wantText)
		}
	}
	for _, c := range CauseCategories {
		if !c.Valid() || c.Name(LangZH) == "" || c.Name(LangEN) == "" {
			t.Errorf("category %d has no names", c)
		}
	}
	if CauseCategory(0).Valid() {
		t.Error("the zero category is valid")
	}
}
