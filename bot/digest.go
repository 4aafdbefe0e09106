package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// The secretary's daily digest (【每日进度】), sent by the scheduler as reminders are: each
// step's done/total and deadline, marked 【已逾期N天】 while owed past it, who is behind,
// and what happened since the last digest. Under it, 「发给支委」 sends it on to the
// committee. When it goes out is orglife.DigestWorthSending's rule.

// digest is one digest before it is put in words.
type digest struct {
	meeting orglife.Meeting
	members []orglife.Member
	steps   []orglife.DigestStep
	changes orglife.DigestChanges
	news    bool                   // it says something the last one did not
	snap    orglife.DigestSnapshot // what is kept of it once sent
	// ballotPending are who has not voted in the meeting's open 民主评议 (ballot.go).
	ballotPending []int64
}

// composeDigest works out branch b's digest of meeting m at now: progress from the one judge
// of it (h.prep), changes since the last digest of the meeting (or its setting up).
func (h *Handlers) composeDigest(ctx context.Context, b orglife.Branch, m orglife.Meeting, now time.Time) (digest, error) {
	prog, members, err := h.progress(&turn{ctx: ctx}, m)
	if err != nil {
		return digest{}, err
	}
	steps := orglife.DigestSteps(m, prog, orglife.DateOf(now, h.zoneOf(b)))
	last, found, err := h.reminders.LastDigest(ctx, b.ID)
	if err != nil {
		return digest{}, err
	}
	since, first := orglife.DigestSince(last, found, m)
	records, err := h.digestRecords(ctx, b, m)
	if err != nil {
		return digest{}, err
	}
	d := digest{meeting: m, members: members, steps: steps, changes: orglife.DigestChangesIn(since, now, records),
		snap: orglife.NewDigestSnapshot(m, steps, since, now, first)}
	d.news = orglife.DigestNews(last, found, d.snap, d.changes)
	if d.ballotPending, err = h.ballotPendingNow(ctx, m, now); err != nil {
		return digest{}, err
	}
	return d, nil
}

// digestRecords are the records a digest's changes are found in: the meeting's points and
// talks, the items of every meeting of the branch (rectification goes on while the next
// meeting is prepared) and the branch's leaves.
func (h *Handlers) digestRecords(ctx context.Context, b orglife.Branch, m orglife.Meeting) (orglife.DigestRecords, error) {
	var r orglife.DigestRecords
	var err error
	if r.Points, err = h.records.Points(ctx, b.ID, m.ID); err != nil {
		return r, err
	}
	if r.Talks, err = h.records.Talks(ctx, b.ID, m.ID); err != nil {
		return r, err
	}
	if r.Leaves, err = h.reminders.Leaves(ctx, b.ID); err != nil {
		return r, err
	}
	meetings, err := h.records.Meetings(ctx, b.ID)
	if err != nil {
		return r, err
	}
	for _, mt := range meetings {
		items, err := h.records.RectItems(ctx, b.ID, mt.ID)
		if err != nil {
			return r, err
		}
		r.Items = append(r.Items, items...)
	}
	return r, nil
}

// digestAudience sends the digest to the secretary when orglife.DigestWorthSending says so.
func (h *Handlers) digestAudience(ctx context.Context, b orglife.Branch, m orglife.Meeting, now time.Time) ([]int64, bool, error) {
	d, err := h.composeDigest(ctx, b, m, now)
	if err != nil {
		return nil, false, err
	}
	if !orglife.DigestWorthSending(d.news, d.steps, orglife.DateOf(now, h.zoneOf(b))) {
		return nil, false, nil
	}
	return []int64{b.SecretaryID}, true, nil
}

// sendDigest sends the secretary the digest, with 「发给支委」 when the branch has committee
// members, and keeps what the next one needs once it is sent (so that a failed send is
// tried again rather than judged old news).
func (h *Handlers) sendDigest(ctx context.Context, user int64, r orglife.Reminder, m orglife.Meeting, lang orglife.Lang) error {
	b, err := h.records.Branch(ctx, r.BranchID)
	if err != nil {
		return err
	}
	d, err := h.composeDigest(ctx, b, m, h.opts.Clock.Now())
	if err != nil {
		return err
	}
	msg := htmlMessage(tgbotapi.NewMessage(user, h.digestText(d, lang, false)))
	if len(committeeOf(d.members)) > 0 {
		var kb keyboard
		markup, err := kb.markup(tgbotapi.NewInlineKeyboardRow(kb.button(btnDigestShare.In(lang), digestShareData(b.ID, d.snap))))
		if err != nil {
			return fmt.Errorf("digest button: %w", err)
		}
		msg.ReplyMarkup = markup
	}
	if _, err := h.out.Send(ctx, msg); err != nil {
		return err
	}
	if err := h.reminders.SaveDigest(ctx, b.ID, d.snap); err != nil {
		h.log.Warn("digest not kept", "branch", b.ID, "error", err)
	}
	return nil
}

// digestText puts a digest in words; shared marks the copy sent on to the committee, which
// leaves out the line saying nothing changed (that is why the secretary got it, not news).
func (h *Handlers) digestText(d digest, lang orglife.Lang, shared bool) string {
	m := d.meeting
	header := fmt.Sprintf(msgDigestHeader.In(lang), quote(m.Title), m.Date.In(lang))
	if shared {
		header += msgDigestSharedTag.In(lang)
	}
	lines := []string{header}
	for _, s := range d.steps {
		line := fmt.Sprintf(msgDigestStep.In(lang), s.Kind.Name(lang), len(s.Done), len(s.Done)+len(s.Pending), s.Deadline.In(lang))
		if s.OverdueDays > 0 {
			line += fmt.Sprintf(msgDigestOverdue.In(lang), s.OverdueDays)
		}
		lines = append(lines, line)
		if owing := s.Owing(); len(owing) > 0 {
			lines = append(lines, fmt.Sprintf(msgDigestBehind.In(lang), namesOf(d.members, owing, lang)))
		}
		if len(s.Waiting) > 0 {
			lines = append(lines, fmt.Sprintf(msgDigestWaiting.In(lang), namesOf(d.members, s.Waiting, lang)))
		}
	}
	if len(d.ballotPending) > 0 {
		lines = append(lines, fmt.Sprintf(msgDigestBallot.In(lang), len(d.ballotPending), namesOf(d.members, d.ballotPending, lang)))
	}
	lines = append(lines, h.digestChangeLines(d, lang, shared)...)
	text := strings.Join(lines, "\n")
	if pages := packBlocks(lines, messageLimit); len(pages) > 1 {
		text = pages[0] // a very large branch: the first page; /status has it all
	}
	return text
}

// digestChangeLines are the digest's 「自上次摘要以来」: only the lines with something to
// say; with nothing, one line saying so when the digest goes out for a near deadline.
func (h *Handlers) digestChangeLines(d digest, lang orglife.Lang, shared bool) []string {
	c := d.changes
	if c.Empty() {
		if d.news || shared {
			return nil
		}
		return []string{msgDigestQuiet.In(lang)}
	}
	heading := msgDigestSince
	if d.snap.First {
		heading = msgDigestSinceSetUp
	}
	lines := []string{heading.In(lang)}
	if c.Points > 0 {
		lines = append(lines, fmt.Sprintf(msgDigestNewPoints.In(lang), c.Points))
	}
	if c.Talks > 0 {
		lines = append(lines, fmt.Sprintf(msgDigestNewTalks.In(lang), c.Talks))
	}
	if len(c.Disputes) > 0 {
		pairs := make([]string, 0, len(c.Disputes))
		for _, t := range c.Disputes {
			pairs = append(pairs, fmt.Sprintf(msgDigestDisputePair.In(lang),
				quote(orglife.MemberName(d.members, t.RecordedBy, lang)), quote(talkPartnerLabel(d.members, t, lang))))
		}
		lines = append(lines, fmt.Sprintf(msgDigestDisputes.In(lang), len(c.Disputes), strings.Join(pairs, minutesSep.In(lang))))
	}
	if len(c.Reported) > 0 {
		lines = append(lines, fmt.Sprintf(msgDigestReported.In(lang), len(c.Reported), c.Waiting))
	}
	if len(c.Leaves) > 0 {
		leaves := make([]string, 0, len(c.Leaves))
		for _, l := range c.Leaves {
			leaves = append(leaves, fmt.Sprintf(msgDigestLeaveOne.In(lang), quote(orglife.MemberName(d.members, l.UserID, lang)), l.From.In(lang), l.To.In(lang)))
		}
		lines = append(lines, fmt.Sprintf(msgDigestLeaves.In(lang), strings.Join(leaves, minutesSep.In(lang))))
	}
	return lines
}

// talkPartnerLabel is the other person of a talk: the member, or the name written down.
func talkPartnerLabel(members []orglife.Member, t orglife.Talk, lang orglife.Lang) string {
	for _, m := range members {
		if t.With != 0 && m.UserID == t.With {
			return m.Name
		}
	}
	return talkWith(t, lang)
}

// namesOf lists the users ids by their names among members, escaped for HTML, joined as the
// language lists them.
func namesOf(members []orglife.Member, ids []int64, lang orglife.Lang) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		names = append(names, quote(orglife.MemberName(members, id, lang)))
	}
	return strings.Join(names, minutesSep.In(lang))
}

// committeeOf lists the committee members (支委) of a branch, the secretary not among them.
func committeeOf(members []orglife.Member) []int64 {
	var out []int64
	for _, m := range members {
		if m.Role == orglife.RoleCommittee {
			out = append(out, m.UserID)
		}
	}
	return out
}

// --- 「发给支委」 ---

// digestStamp names one digest of a branch: the moment it was composed, in milliseconds.
func digestStamp(s orglife.DigestSnapshot) string { return strconv.FormatInt(s.At.UnixMilli(), 36) }

// digestShareData is the data of 「发给支委」 under branch's digest s.
func digestShareData(branchID string, s orglife.DigestSnapshot) buttonData {
	return buttonData{Kind: kindDigest, Branch: branchID, Meeting: s.MeetingID, Record: digestStamp(s)}
}

func (h *Handlers) digestButtons() map[buttonKind]buttonHandler {
	return map[buttonKind]buttonHandler{kindDigest: h.onDigestShare}
}

// onDigestShare sends the branch's latest digest on to every committee member not on leave,
// each in their language, and answers with how many it reached. Only the secretary may, only
// for the latest digest of the current meeting, and only once; anything else is stale.
func (h *Handlers) onDigestShare(t *turn, d buttonData) error {
	on, err := h.pressedOn(t, d)
	if err != nil {
		return err
	}
	if !on.bySecretary(t.userID) || !on.meetingFound || on.branch.CurrentMeeting != d.Meeting {
		return h.stale(t.ctx, t.query, t.lang)
	}
	last, found, err := h.reminders.LastDigest(t.ctx, d.Branch)
	if err != nil {
		return err
	}
	if !found || last.MeetingID != d.Meeting || digestStamp(last) != d.Record || last.Shared {
		return h.stale(t.ctx, t.query, t.lang)
	}
	// The digest as it was: its window of changes; progress as it stands now.
	now := h.opts.Clock.Now()
	prog, members, err := h.progress(t, on.meeting)
	if err != nil {
		return err
	}
	records, err := h.digestRecords(t.ctx, on.branch, on.meeting)
	if err != nil {
		return err
	}
	dg := digest{meeting: on.meeting, members: members, snap: last, news: true,
		steps:   orglife.DigestSteps(on.meeting, prog, orglife.DateOf(now, h.zoneOf(on.branch))),
		changes: orglife.DigestChangesIn(last.Since, last.At, records)}
	to, err := h.notOnLeave(t.ctx, on.branch, committeeOf(members), now)
	if err != nil {
		return err
	}
	reached := 0
	for _, u := range to {
		lang, err := h.language(t.ctx, t.unit, u)
		if err == nil {
			err = h.say(t.ctx, u, h.digestText(dg, lang, true))
		}
		if err != nil {
			h.log.Warn("digest not sent on", "branch", d.Branch, "user", u, "error", err)
			continue
		}
		reached++
	}
	if reached == 0 { // the button stays, for when someone is back
		return h.answer(t.ctx, t.query.ID, msgDigestSharedNone.In(t.lang))
	}
	last.Shared = true
	if err := h.reminders.SaveDigest(t.ctx, d.Branch, last); err != nil {
		return err
	}
	h.removeButtons(t.ctx, t.chatID, t.query.Message.MessageID)
	return h.answer(t.ctx, t.query.ID, fmt.Sprintf(msgDigestShared.In(t.lang), reached))
}
