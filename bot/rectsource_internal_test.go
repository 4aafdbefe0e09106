package bot

import (
	"context"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// TestRectSourceNumberForms: a problem number typed in any form a Chinese or Western keyboard
// gives — ASCII or full-width digits, a full stop of either width after it — names that
// point of the list; anything else is refused. Written apart from the parser (the fuzz
// oracle reads numbers as the parser does, so it cannot catch a wrong reading).
func TestRectSourceNumberForms(t *testing.T) {
	b := newFzBot(t)
	h, _ := b.reset(t)
	ctx := context.Background()
	tn := &turn{ctx: ctx, chatID: fzSecretary, userID: fzSecretary, updateID: 1, lang: orglife.LangZH,
		from: &tgbotapi.User{ID: fzSecretary, FirstName: "张书记"}, sess: &session{Branch: fzBranch}}
	a := answers{keyMeeting: fzMeeting}
	points, err := h.rectPoints(tn, a)
	if err != nil || len(points) != 3 {
		t.Fatalf("the fixture's points: %v, %v", points, err)
	}
	fullWidth := []string{"１", "２", "３"}
	for i, p := range points {
		ascii := string(rune('1' + i))
		for _, typed := range []string{ascii, ascii + ".", ascii + "．", fullWidth[i], fullWidth[i] + "．", fullWidth[i] + "."} {
			if got, problem := h.rectSourceCheck(tn, a, typed); got != p.ID || problem != "" {
				t.Errorf("%q = %q, %q; want point %d (%s)", typed, got, problem, i+1, p.ID)
			}
		}
	}
	for _, typed := range []string{"0", "０", "4", "４", "-1", "1.5", "1,", "1。", "一", "abc", "", "1 2"} {
		if got, problem := h.rectSourceCheck(tn, a, typed); got != "" || problem == "" {
			t.Errorf("%q = %q, %q; want it refused", typed, got, problem)
		}
	}
}
