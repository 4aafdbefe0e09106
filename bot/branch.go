package bot

import (
	"errors"
	"fmt"
	"reflect"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
	"orglife/state"
)

const (
	flowTimezone     = "timezone"
	flowNewBranch    = "newbranch"
	flowJoin         = "join"
	flowChooseBranch = "branch"
)

func (h *Handlers) branchCommands() []Command {
	return []Command{
		{Name: "newbranch", Desc: descNewBranch, AdminOnly: true, run: h.newBranch},
		{Name: "branch", Desc: descBranch, run: h.chooseBranch},
		{Name: "members", Desc: descMembers, Role: orglife.RoleMember, run: h.members},
		{Name: "invite", Desc: descInvite, Role: orglife.RoleSecretary, run: h.invite},
		{Name: "timezone", Desc: descTimezone, Role: orglife.RoleSecretary, run: h.timezone},
	}
}

func (h *Handlers) branchFlows() []*flow {
	nameQuestion := func(key string, ask Text) question {
		return question{key: key, typed: true, ask: func(t *turn, _ answers) string { return ask.In(t.lang) },
			check: lengthCheck(2, 20, msgBadPersonName)}
	}
	return []*flow{
		{
			name: flowNewBranch,
			questions: []question{
				{key: "branch", typed: true, ask: func(t *turn, _ answers) string { return msgAskBranchName.In(t.lang) },
					check: lengthCheck(2, 40, msgBadBranchName)},
				nameQuestion("name", msgAskOwnName),
			},
			finish:  h.createBranch,
			answers: reflect.TypeFor[newBranchAnswers](),
		},
		{
			name: flowJoin,
			questions: []question{{key: "name", typed: true, check: lengthCheck(2, 20, msgBadPersonName),
				ask: func(t *turn, a answers) string {
					return fmt.Sprintf(msgJoinAskName.In(t.lang), quote(answersAs[joinAnswers](a).BranchName))
				}}},
			finish:  h.finishJoin,
			answers: reflect.TypeFor[joinAnswers](), preset: []string{"code", "branch_name"},
		},
		{
			name: flowTimezone, need: orglife.RoleSecretary,
			questions: []question{{key: "zone", typed: true, options: zoneOptions, check: zoneCheck,
				ask: func(t *turn, _ answers) string {
					return fmt.Sprintf(msgAskTimezone.In(t.lang), h.loc(t).String())
				}}},
			finish:  h.saveTimezone,
			answers: reflect.TypeFor[timezoneAnswers](),
		},
		{
			name: flowChooseBranch,
			questions: []question{{key: "branch", ask: func(t *turn, _ answers) string { return msgChooseBranch.In(t.lang) },
				options: h.branchOptions}},
			finish:  h.finishChooseBranch,
			answers: reflect.TypeFor[chooseBranchAnswers](), preset: []string{"then"},
		},
	}
}

// newBranchAnswers are /newbranch's answers: the branch's name and its secretary's.
type newBranchAnswers struct {
	Branch string `answer:"branch"`
	Name   string `answer:"name"`
}

// joinAnswers are the answers of joining by an invite: its code and the branch's name
// (preset by join), then the member's name.
type joinAnswers struct {
	Code       string `answer:"code"`
	BranchName string `answer:"branch_name"`
	Name       string `answer:"name"`
}

// timezoneAnswers are /timezone's answers: an IANA zone name.
type timezoneAnswers struct {
	Zone string `answer:"zone"`
}

// chooseBranchAnswers are /branch's answers: the branch chosen, and the command to run
// then when a command asked for the choice (preset by currentBranchID).
type chooseBranchAnswers struct {
	Branch string `answer:"branch"`
	Then   string `answer:"then"`
}

// lengthCheck accepts typed text of min to max characters.
func lengthCheck(min, max int, problem Text) func(t *turn, a answers, text string) (string, string) {
	return func(t *turn, _ answers, text string) (string, string) {
		if n := utf8.RuneCountInString(text); n < min || n > max {
			return "", problem.In(t.lang)
		}
		return text, ""
	}
}

func (h *Handlers) newBranch(t *turn) error { return h.startFlow(t, h.flows[flowNewBranch], "", nil) }

func (h *Handlers) createBranch(t *turn, a answers) error {
	if h.opts.IsAdmin != nil && !h.opts.IsAdmin(t.userID) {
		return h.conclude(t, msgAdminsOnly.In(t.lang))
	}
	id, err := h.records.NewBranchID(t.ctx)
	if err != nil {
		return err
	}
	x := answersAs[newBranchAnswers](a)
	now := h.opts.Clock.Now()
	b := orglife.Branch{ID: id, Name: x.Branch, SecretaryID: t.userID, CreatedAt: now}
	if err := h.records.CreateBranch(t.ctx, b, orglife.Member{UserID: t.userID, Name: x.Name, Role: orglife.RoleSecretary, JoinedAt: now}); err != nil {
		return err
	}
	if err := h.records.ChooseBranch(t.ctx, t.userID, id); err != nil {
		return err
	}
	inv, err := h.newInvite(t, id)
	if err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	return h.conclude(t, fmt.Sprintf(msgBranchCreated.In(t.lang), quote(b.Name), expiry(t.lang, h.zoneOf(b), inv), h.inviteLink(inv)))
}

// join starts joining the branch of an invite code from a deep link.
func (h *Handlers) join(t *turn, code string) error {
	inv, err := h.records.LookupInvite(t.ctx, code)
	if errors.Is(err, orglife.ErrNotFound) || (err == nil && !inv.Valid(h.opts.Clock.Now())) {
		return h.say(t.ctx, t.chatID, msgInviteInvalid.In(t.lang))
	}
	if err != nil {
		return err
	}
	b, err := h.records.Branch(t.ctx, inv.BranchID)
	if err != nil {
		return err
	}
	if _, isMember, err := h.records.Member(t.ctx, b.ID, t.userID); err != nil {
		return err
	} else if isMember {
		return h.say(t.ctx, t.chatID, fmt.Sprintf(msgAlreadyMember.In(t.lang), quote(b.Name)))
	}
	// The code is checked again at the end: it may be revoked while the name is typed.
	return h.startFlow(t, h.flows[flowJoin], b.ID, answers{"code": code, "branch_name": b.Name})
}

func (h *Handlers) finishJoin(t *turn, a answers) error {
	x := answersAs[joinAnswers](a)
	inv, err := h.records.LookupInvite(t.ctx, x.Code)
	if errors.Is(err, orglife.ErrNotFound) || (err == nil && !inv.Valid(h.opts.Clock.Now())) {
		return h.conclude(t, msgInviteInvalid.In(t.lang))
	}
	if err != nil {
		return err
	}
	m := orglife.Member{UserID: t.userID, Name: x.Name, Role: orglife.RoleMember, JoinedAt: h.opts.Clock.Now()}
	added, err := h.records.AddMember(t.ctx, inv.BranchID, m)
	if err != nil {
		return err
	}
	if err := h.records.ChooseBranch(t.ctx, t.userID, inv.BranchID); err != nil {
		return err
	}
	b, err := h.records.Branch(t.ctx, inv.BranchID)
	if err != nil {
		return err
	}
	if err := h.conclude(t, fmt.Sprintf(msgJoined.In(t.lang), quote(b.Name))); err != nil {
		return err
	}
	h.syncMenu(t.ctx, t.userID)
	if added {
		h.notifySecretary(t, b, m)
		h.announceToNewcomer(t, b)
	}
	return nil
}

// announceToNewcomer tells a member who joins while a meeting is being prepared what it asks
// of them, as the others heard when it was set up.
func (h *Handlers) announceToNewcomer(t *turn, b orglife.Branch) {
	if b.CurrentMeeting == "" {
		return
	}
	m, err := h.records.Meeting(t.ctx, b.ID, b.CurrentMeeting)
	if err == nil && !m.Date.Before(h.today(t)) {
		err = h.sendAnnouncement(t.ctx, m, t.userID, t.lang)
	}
	if err != nil {
		h.log.Warn("announce the meeting to a new member", "user", t.userID, "error", err)
	}
}

// notifySecretary tells the secretary who joined, with the member's card to act on.
func (h *Handlers) notifySecretary(t *turn, b orglife.Branch, m orglife.Member) {
	lang, err := h.language(t.ctx, t.unit, b.SecretaryID)
	if err != nil {
		h.log.Warn("join notice", "error", err)
		return
	}
	var kb keyboard
	markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(kb.button(btnMakeCommittee.In(lang), memberData(b.ID, m.UserID, memberCommittee))))
	if err != nil {
		h.log.Warn("join notice", "branch", b.ID, "error", err)
		return
	}
	msg := tgbotapi.NewMessage(b.SecretaryID, fmt.Sprintf(msgMemberJoined.In(lang), quote(m.Name), quote(b.Name)))
	msg.ReplyMarkup = markup
	if _, err := h.out.Send(t.ctx, htmlMessage(msg)); err != nil {
		h.log.Warn("join notice not sent", "branch", b.ID, "error", err)
	}
}

// zoneOptions are 北京时间 first, then the zones of branches abroad: Asia, Europe, America,
// Australia.
func zoneOptions(t *turn, _ answers) ([]option, error) {
	return []option{
		{lblZoneBeijing.In(t.lang), "Asia/Shanghai"},
		{lblZoneTokyo.In(t.lang), "Asia/Tokyo"},
		{lblZoneSingapore.In(t.lang), "Asia/Singapore"},
		{lblZoneDubai.In(t.lang), "Asia/Dubai"},
		{lblZoneMoscow.In(t.lang), "Europe/Moscow"},
		{lblZoneBerlin.In(t.lang), "Europe/Berlin"},
		{lblZoneLondon.In(t.lang), "Europe/London"},
		{lblZoneNewYork.In(t.lang), "America/New_York"},
		{lblZoneLosAngeles.In(t.lang), "America/Los_Angeles"},
		{lblZoneSydney.In(t.lang), "Australia/Sydney"},
	}, nil
}

// zoneCheck accepts a typed IANA zone name.
func zoneCheck(t *turn, _ answers, text string) (string, string) {
	if text == "" || text == "Local" {
		return "", msgBadTimezone.In(t.lang)
	}
	if _, err := time.LoadLocation(text); err != nil {
		return "", msgBadTimezone.In(t.lang)
	}
	return text, ""
}

func (h *Handlers) timezone(t *turn) error {
	return h.startFlow(t, h.flows[flowTimezone], t.branch.ID, nil)
}

// saveTimezone records the zone and plans the branch's reminders anew in it.
func (h *Handlers) saveTimezone(t *turn, a answers) error {
	zone := answersAs[timezoneAnswers](a).Zone
	if err := h.records.SetTimezone(t.ctx, t.sess.Branch, zone); err != nil {
		return err
	}
	b, err := h.records.Branch(t.ctx, t.sess.Branch)
	if err != nil {
		return err
	}
	if err := h.replanBranch(t, b); err != nil {
		return err
	}
	return h.conclude(t, fmt.Sprintf(msgTimezoneSet.In(t.lang), quote(zone)))
}

// replanBranch plans the current meeting's reminders and every open item's follow-ups anew,
// as `orglife import` does.
func (h *Handlers) replanBranch(t *turn, b orglife.Branch) error {
	_, err := state.ReplanBranch(t.ctx, h.records, h.reminders, b.ID, h.opts.Clock.Now(), h.planOptions())
	return err
}
