package bot

import (
	"fmt"
	"reflect"
	"strings"

	"orglife"
	"orglife/state"
)

const flowLang = "lang"

func (h *Handlers) baseFlows() []*flow {
	return []*flow{{
		name:    flowLang,
		answers: reflect.TypeFor[langAnswers](),
		questions: []question{{
			key: "lang",
			ask: func(t *turn, _ answers) string { return msgLangPrompt.In(t.lang) },
			options: func(t *turn, _ answers) ([]option, error) {
				return []option{{btnLangZH.In(t.lang), string(orglife.LangZH)}, {btnLangEN.In(t.lang), string(orglife.LangEN)}}, nil
			},
		}},
		finish: func(t *turn, a answers) error {
			chosen, _ := orglife.ParseLang(string(answersAs[langAnswers](a).Lang))
			if err := h.store.SetLanguage(t.ctx, t.unit, t.userID, string(chosen)); err != nil {
				return err
			}
			t.lang = chosen
			return h.conclude(t, msgLangSet.In(chosen))
		},
	}}
}

// langAnswers are /lang's answer: the language chosen.
type langAnswers struct {
	Lang orglife.Lang `answer:"lang"`
}

// start greets a user; with an invite code (t.me/<bot>?start=<code>) it starts joining.
func (h *Handlers) start(t *turn) error {
	if state.IsOpinionCode(t.args) {
		// A collection's link (征求意见): nothing of the sender is kept, not even that
		// they are active.
		return h.opinionLink(t, t.args)
	}
	if err := h.store.MarkActive(t.ctx, t.userID); err != nil {
		return err
	}
	if t.args != "" && t.args != "help" {
		return h.join(t, t.args)
	}
	if err := h.say(t.ctx, t.chatID, fmt.Sprintf(msgWelcome.In(t.lang), quote(displayName(t.from)))); err != nil {
		return err
	}
	return h.todoOnStart(t)
}

// help lists what the user may do in their current branch.
func (h *Handlers) help(t *turn) error {
	role, branchName, err := h.roleNow(t)
	if err != nil {
		return err
	}
	admin := h.opts.IsAdmin != nil && h.opts.IsAdmin(t.userID)
	var b strings.Builder
	b.WriteString(msgHelpHeader.In(t.lang))
	b.WriteString("\n")
	b.WriteString(helpGroups(filterCommands(h.commands, role, admin), t.lang))
	b.WriteString("\n")
	fmt.Fprintf(&b, msgHelpRole.In(t.lang), roleNames[role].In(t.lang))
	if branchName != "" {
		fmt.Fprintf(&b, "（%s）", quote(branchName))
	}
	return h.say(t.ctx, t.chatID, b.String())
}

func (h *Handlers) cancel(t *turn) error {
	s, err := h.loadSession(t.ctx, t.unit, t.chatID, t.userID)
	if err != nil {
		return err
	}
	if s == nil {
		return h.say(t.ctx, t.chatID, msgNothingToCancel.In(t.lang))
	}
	return h.cancelFlow(t, s)
}

func (h *Handlers) langCommand(t *turn) error { return h.startFlow(t, h.flows[flowLang], "", nil) }
