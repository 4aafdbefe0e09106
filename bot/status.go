package bot

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"orglife"
)

// The secretary's view of the current meeting (/status): who has done each step and who
// has not, points per member and per area, and which talks the coverage rules still ask for.
// Committee members (支委) may read it too: it offers no action, and their copy names none
// of the secretary's commands.

func (h *Handlers) statusCommands() []Command {
	return append([]Command{
		{Name: "status", Desc: descStatus, Role: orglife.RoleCommittee, run: h.status},
	}, h.materialCommands()...)
}

// statusMaxMessages: output that would need more messages goes out as a .txt file.
const statusMaxMessages = 4

// status shows the secretary (or a committee member) where the current meeting's
// preparation stands.
func (h *Handlers) status(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	text, err := h.statusText(t, m)
	if err != nil {
		return err
	}
	parts := splitStatus(text, messageLimit)
	if len(parts) > statusMaxMessages {
		doc := tgbotapi.NewDocument(t.chatID, tgbotapi.FileBytes{
			Name:  "status-" + h.today(t).String() + ".txt",
			Bytes: []byte(statusPlain(text) + "\n"),
		})
		doc.Caption = fmt.Sprintf(msgStatusAsFile.In(t.lang), quote(m.Title))
		doc.ParseMode = tgbotapi.ModeHTML
		_, err := h.out.Send(t.ctx, doc)
		return err
	}
	for _, p := range parts {
		if err := h.say(t.ctx, t.chatID, p); err != nil {
			return err
		}
	}
	return nil
}

// statusText is the whole status as HTML, one item a line; long lists are single lines
// joined by the list separator, where splitStatus may break them.
func (h *Handlers) statusText(t *turn, m orglife.Meeting) (string, error) {
	prep, members, err := h.prep(t.ctx, m)
	if err != nil {
		return "", err
	}
	prog := prep.Progress()
	points, err := h.records.Points(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return "", err
	}
	minutes, recorded, err := h.records.Minutes(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return "", err
	}
	lang, sep := t.lang, minutesSep.In(t.lang)
	// A committee member's view names no command only the secretary may use.
	readOnly := t.member != nil && t.member.Role != orglife.RoleSecretary
	planOpen, noBranchProblems, noMinutes := msgStatusPlanOpen, msgStatusNoBranchProblems, msgStatusNoMinutes
	if readOnly {
		planOpen, noBranchProblems, noMinutes = msgStatusPlanOpenRO, msgStatusNoBranchProblemsRO, msgStatusNoMinutesRO
	}
	names := func(ids []int64) string {
		if len(ids) == 0 {
			return msgMinutesNobody.In(lang)
		}
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			out = append(out, quote(orglife.MemberName(members, id, lang)))
		}
		return strings.Join(out, sep)
	}

	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	add(msgStatusHeader.In(lang), quote(m.Title), m.Date.In(lang), len(members))

	// Steps: who is done, who is not.
	lines = append(lines, "", msgStatusSteps.In(lang))
	today := h.today(t)
	for i, s := range m.Steps {
		p := prog[s.Kind]
		mark := "⬜"
		if len(p.Pending) == 0 {
			mark = "✅"
		}
		title := fmt.Sprintf("%d. %s", i+1, s.Kind.Name(lang))
		if s.Kind == orglife.StepPlan {
			adopted := planOpen.In(lang)
			switch {
			case !m.PlanAdopted.IsZero():
				adopted = fmt.Sprintf(msgStatusPlanDone.In(lang), m.PlanAdopted.In(lang))
			case !s.Open(today): // not adopted by its deadline: marked as the other steps are
				adopted += msgStatusOverdue.In(lang)
			}
			add(msgStatusPlan.In(lang), mark, title, s.Deadline.In(lang), adopted)
			continue
		}
		overdue := ""
		if len(p.Pending) > 0 && !s.Open(today) {
			overdue = msgStatusOverdue.In(lang)
		}
		add(msgStatusStep.In(lang), mark, title, s.Deadline.In(lang), len(p.Done), len(p.Done)+len(p.Pending), overdue)
		add(msgStatusDone.In(lang), names(p.Done))
		if owing := p.Owing(); len(owing) > 0 {
			add(msgStatusPending.In(lang), names(owing))
		}
		if len(p.Waiting) > 0 {
			add(msgStatusWaiting.In(lang), names(p.Waiting))
		}
	}

	// Points per member and per area.
	perMember, perArea, total := map[int64]int{}, map[orglife.Area]int{}, 0
	for _, p := range points {
		if p.Withdrawn {
			continue
		}
		perMember[p.MemberID]++
		perArea[p.Area]++
		total++
	}
	byMember := make([]string, 0, len(members))
	for _, mem := range members {
		byMember = append(byMember, fmt.Sprintf(msgStatusCount.In(lang), quote(mem.Name), perMember[mem.UserID]))
	}
	byArea := make([]string, 0, len(orglife.Areas))
	for _, a := range orglife.Areas {
		byArea = append(byArea, fmt.Sprintf(msgStatusCount.In(lang), a.Name(lang), perArea[a]))
	}
	lines = append(lines, "")
	add(msgStatusPoints.In(lang), total)
	add(msgStatusByMember.In(lang), strings.Join(byMember, sep))
	add(msgStatusByArea.In(lang), strings.Join(byArea, sep))
	if total > 0 {
		// The points are in; the committee's own statement of them is the next step.
		stated, err := h.records.BranchProblems(t.ctx, m.BranchID, m.ID)
		if err != nil {
			return "", err
		}
		if len(orglife.LiveBranchProblems(stated)) == 0 {
			lines = append(lines, noBranchProblems.In(lang))
		}
	}
	lines = append(lines, nearCopyLines(points, members, h.opts.SimilarityThreshold, lang)...)

	// Talk coverage.
	rules := h.opts.Coverage
	var ruleText []string
	if rules.CommitteePairs {
		ruleText = append(ruleText, msgRuleCommittee.In(lang))
	}
	if rules.SecretaryWithAll {
		ruleText = append(ruleText, msgRuleSecretary.In(lang))
	}
	if rules.MinPerMember > 0 {
		ruleText = append(ruleText, fmt.Sprintf(msgRuleMin.In(lang), rules.MinPerMember))
	}
	if len(ruleText) == 0 {
		ruleText = append(ruleText, msgStatusNoRules.In(lang))
	}
	lines = append(lines, "", msgStatusTalks.In(lang))
	add(msgStatusRules.In(lang), strings.Join(ruleText, msgRuleSep.In(lang)))
	cov := prep.Coverage()
	if len(cov.MissingPairs) == 0 {
		lines = append(lines, msgStatusPairsDone.In(lang))
	} else {
		add(msgStatusMissing.In(lang), len(cov.MissingPairs))
		// Each pair once, under whichever of the two comes first in the member list.
		order := map[int64]int{}
		for i, mem := range members {
			order[mem.UserID] = i
		}
		for _, mem := range members {
			var later []int64
			for _, other := range cov.MissingFor(mem.UserID) {
				if order[other] > order[mem.UserID] {
					later = append(later, other)
				}
			}
			if len(later) > 0 {
				add(msgStatusPair.In(lang), quote(mem.Name), names(later))
			}
		}
	}
	if len(cov.Short) == 0 {
		if rules.MinPerMember > 0 {
			lines = append(lines, msgStatusNoShort.In(lang))
		}
	} else {
		short := make([]string, 0, len(cov.Short))
		for _, s := range cov.Short {
			short = append(short, fmt.Sprintf(msgStatusShortOne.In(lang), quote(orglife.MemberName(members, s.Member, lang)), s.Has, s.Need))
		}
		lines = append(lines, msgStatusShort.In(lang), strings.Join(short, sep))
	}
	// Only confirmed talks count: the records under way, and whose hands they are in.
	if len(cov.Open) > 0 {
		add(msgStatusUnconfirmed.In(lang), len(cov.Open))
		for _, g := range openTalkGroups(members, cov.Open) {
			format := msgStatusAwaitingBy
			if g.disputed {
				format = msgStatusDisputedBy
			}
			add(format.In(lang), quote(orglife.MemberName(members, g.by, lang)), names(g.with))
		}
	}

	// The meeting itself.
	record := noMinutes.In(lang)
	if recorded {
		expected, present := minutes.Attendance()
		record = fmt.Sprintf(msgStatusHasMinutes.In(lang), minutes.Date.In(lang), present, expected-present)
	}
	lines = append(lines, "")
	add(msgStatusMinutes.In(lang), record)
	return strings.Join(lines, "\n"), nil
}

// nearCopyLines is 内容雷同提示: the members whose points read as copies of each other's or
// of stock phrases, so that the secretary can talk with them before the meeting. /status is
// the committee's alone; the lines name who and which parts, never rank anyone.
func nearCopyLines(points []orglife.Point, members []orglife.Member, threshold float64, lang orglife.Lang) []string {
	found := orglife.NearCopies(points, threshold)
	if len(found) == 0 {
		return nil
	}
	lines := []string{msgStatusNearCopies.In(lang)}
	for _, c := range found {
		fields := make([]string, 0, len(c.Fields))
		for _, f := range c.Fields {
			fields = append(fields, f.Name(lang))
		}
		what := strings.Join(fields, msgNearCopyFieldSep.In(lang))
		a := quote(orglife.MemberName(members, c.A, lang))
		if c.B == 0 {
			lines = append(lines, fmt.Sprintf(msgStatusNearStock.In(lang), a, what))
			continue
		}
		lines = append(lines, fmt.Sprintf(msgStatusNearPair.In(lang), a, quote(orglife.MemberName(members, c.B, lang)), what))
	}
	return lines
}

// talkGroup is the records under way of one recorder, pending or disputed: the members
// they were with.
type talkGroup struct {
	by       int64
	disputed bool
	with     []int64
}

// openTalkGroups groups the records under way by recorder in member order (people no
// longer in the branch last), the pending before the disputed.
func openTalkGroups(members []orglife.Member, open []orglife.OpenTalk) []talkGroup {
	order := make(map[int64]int, len(members))
	for i, mem := range members {
		order[mem.UserID] = i
	}
	rank := func(id int64) int {
		if i, ok := order[id]; ok {
			return i
		}
		return len(members)
	}
	var groups []talkGroup
	for _, o := range open {
		i := slices.IndexFunc(groups, func(g talkGroup) bool { return g.by == o.By && g.disputed == o.Disputed })
		if i < 0 {
			groups, i = append(groups, talkGroup{by: o.By, disputed: o.Disputed}), len(groups)
		}
		groups[i].with = append(groups[i].with, o.With)
	}
	slices.SortStableFunc(groups, func(a, b talkGroup) int {
		if ra, rb := rank(a.by), rank(b.by); ra != rb {
			return ra - rb
		}
		switch {
		case !a.disputed && b.disputed:
			return -1
		case a.disputed && !b.disputed:
			return 1
		}
		return 0
	})
	return groups
}

// splitStatus cuts an HTML text into messages of at most limit UTF-16 units (Telegram's
// measure), at line boundaries; a line longer than limit is broken after a list separator
// (never inside a tag or an entity). Blank messages are dropped.
func splitStatus(text string, limit int) []string {
	var parts []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			parts = append(parts, s)
		}
		cur.Reset()
		curLen = 0
	}
	for _, line := range strings.Split(text, "\n") {
		for _, piece := range statusBreakLine(line, limit) {
			n := utf16Len(piece)
			if curLen > 0 && curLen+1+n > limit {
				flush()
			}
			if curLen > 0 {
				cur.WriteByte('\n')
				curLen++
			}
			cur.WriteString(piece)
			curLen += n
		}
	}
	flush()
	return parts
}

// statusBreakLine cuts one line into pieces of at most limit UTF-16 units.
func statusBreakLine(line string, limit int) []string {
	var out []string
	for utf16Len(line) > limit {
		cut := statusCutPoint(line, limit)
		out = append(out, line[:cut])
		line = line[cut:]
	}
	return append(out, line)
}

// statusCutPoint is the byte index where a line too long for limit is cut: after the last list
// separator that fits, else after the last character that fits outside a tag or entity.
func statusCutPoint(line string, limit int) int {
	n, lastBreak, lastSafe := 0, 0, 0
	inTag, inEntity := false, false
	for i, r := range line {
		w := runeUTF16(r)
		if n+w > limit {
			break
		}
		n += w
		switch {
		case inTag:
			inTag = r != '>'
		case inEntity:
			inEntity = r != ';'
		case r == '<':
			inTag = true
		case r == '&':
			inEntity = true
		}
		if !inTag && !inEntity {
			end := i + utf8.RuneLen(r)
			lastSafe = end
			if strings.ContainsRune("、，,；; ", r) {
				lastBreak = end
			}
		}
	}
	switch {
	case lastBreak > 0:
		return lastBreak
	case lastSafe > 0:
		return lastSafe
	}
	_, size := utf8.DecodeRuneInString(line)
	return size
}

var statusTag = regexp.MustCompile(`<[^>]*>`)

// statusPlain turns the bot's HTML into the text a .txt file holds: tags dropped, entities
// decoded (user text was escaped, so no user '<' is taken for a tag).
func statusPlain(s string) string { return html.UnescapeString(statusTag.ReplaceAllString(s, "")) }
