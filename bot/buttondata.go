package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Button data is what an inline button carries back when it is pressed. The client sends
// it back as it likes, so one codec reads it: the data is checked for shape against its
// kind's layout here, once, and handlers receive a typed buttonData, never the raw string.
//
// The wire format is the one of the buttons already shown to users, so those keep working:
// the kind, then the kind's fields in a fixed order, joined by ':'.
//
//	q:<nonce>:<step>:<value>                a flow question's option
//	mb:<branch>:<user>[:<action>]           member management (no action: the member's card)
//	mt:<branch>:<meeting>                   a meeting's schedule
//	pt:<branch>:<meeting>:<point>:<action>  a point's 编辑 / 撤回
//	sd:<branch>:<meeting>:<study>:<action>  a study record's 修改 / 删除
//	tc:<branch>:<meeting>:<talk>:<action>[:<rev>]  a talk's 确认 / 有出入 (of revision rev),
//	                                        修改 / 撤回
//	rc:<branch>:<meeting>:<item>:<action>   a rectification item's 确认销号 / 退回 / 修改 / 汇报进展
//	rp:<branch>:<meeting>:<list>:<format>   the report's lists, the ledger, the report itself
//	bp:<branch>:<meeting>:<record>:<action> the branch problems' board (支部班子问题)
//	go:<command>[:<branch>:<meeting>]       a reminder's 现在填写, and the meeting it is about
//	                                        (buttons sent before it named one carry the command alone)
//	sz:<branch>:<meeting>:<step|item>:<s|i> a reminder's 明天提醒我
//	dg:<branch>:<meeting>:<stamp>           the digest's 发给支委 (stamp: digestStamp)
//	cf:<branch>:<meeting>:<earlier>:<k|q>   a new meeting's 继续跟进 / 不再提醒 of the open items
//	                                        of the earlier meeting
//	pl:<branch>:<meeting>:<document>        a document's 润色 (polishing by a language model; r: the report)
//	op:<branch>:<meeting>:<opinion>:<action>  /opinions' 采纳 of an opinion
//	bv:<branch>:<meeting>:<code>            a rating in the 民主评议 dialog: code is opaque (see
//	                                        state.BallotKey.ButtonCode), never the rating itself
//	iv:<branch>:<action>[:<link>]           the invite's 生成新链接, its confirmation (naming the link it
//	                                        replaces: inviteMark) and 取消
//
// Nonces, ids and commands are 1–64 of [A-Za-z0-9_-] (the alphabet state keeps ids in);
// numbers are canonical decimals; an action is one of its kind's verbs; a flow's value is
// any UTF-8 but ':'. Data is at most 64 bytes (Telegram's limit), and whatever parses
// encodes back to exactly the same bytes.

// maxButtonData is Telegram's limit on callback data, in bytes.
const maxButtonData = 64

// buttonKind is the first field of button data: which handler the press goes to.
type buttonKind string

const (
	kindStep          buttonKind = "q"
	kindMember        buttonKind = "mb"
	kindMeeting       buttonKind = "mt"
	kindPoint         buttonKind = "pt"
	kindTalk          buttonKind = "tc"
	kindRect          buttonKind = "rc"
	kindReport        buttonKind = "rp"
	kindGo            buttonKind = "go"
	kindBranchProblem buttonKind = "bp"
	kindCalendar      buttonKind = "ic" // the meeting's calendar file (.ics)
	kindSnooze        buttonKind = "sz" // a reminder's 明天提醒我
	kindDigest        buttonKind = "dg" // the secretary's digest sent on to the committee
	kindInvite        buttonKind = "iv" // the invite link's 生成新链接
	kindStudy         buttonKind = "sd" // a study record's 修改 / 删除 (/mystudy)
	kindCarry         buttonKind = "cf" // /newmeeting's 继续跟进 / 不再提醒 of the previous meeting's open items
	kindPolish        buttonKind = "pl" // a document's 润色 (/polish)
	kindOpinion       buttonKind = "op" // /opinions' 采纳 of an opinion (征求意见)
	kindBallot        buttonKind = "bv" // a rating in the 民主评议党员 dialog (an opaque code)
)

// buttonData is one button's data, typed. Which fields a kind uses is its layout.
type buttonData struct {
	Kind    buttonKind
	Nonce   string // q: the nonce of the session whose question the button answers
	Step    int    // q: the question's index in its flow
	Branch  string
	Meeting string
	Record  string // the point, talk or item pressed on
	User    int64  // mb: the member managed
	Action  string // a verb of the kind; q: the option's value; rp: the list; go: the command; pl: the document
	Format  string // rp: the file format
	Rev     int    // tc: the revision of the talk record a 确认 / 有出入 answers (0: left out)
}

// The verbs of member management; "" (left out) shows the member's card.
const (
	memberBack      = "back"
	memberCommittee = "c1"
	memberOrdinary  = "c0"
	memberRemove    = "rm"
	memberHandOver  = "ho"
	memberConfirm   = "!" // appended to rm or ho: the confirmation's button
)

// The verbs of the invite's buttons.
const (
	inviteRenew        = "n"  // 生成新链接: asks to confirm
	inviteRenewConfirm = "n!" // replaces the link
	inviteKeep         = "k"  // 取消: the current link again
)

// The verbs of a point's buttons.
const (
	pointEdit            = "e"
	pointWithdraw        = "w"
	pointWithdrawConfirm = "w!"
	pointWithdrawCancel  = "n"
)

// The verbs of a study record's buttons.
const (
	studyEdit          = "e"
	studyDelete        = "d"
	studyDeleteConfirm = "d!"
	studyDeleteCancel  = "n"
)

// The verbs of the branch problems' board. Record is the problem pressed on, "a" and an
// area's number for a proposal (bpConfirm), bpBoard for the board's own buttons.
const (
	bpList          = "l"  // the board
	bpConfirm       = "c"  // confirm a proposal, with a headline
	bpAdd           = "n"  // add one directly (集体议)
	bpGrant         = "g"  // allow committee members (the secretary's)
	bpOpen          = "o"  // a problem's card
	bpEditHeadline  = "h"  // edit its headline
	bpEditDetail    = "d"  // edit its 具体表现
	bpUp            = "u"  // move it up
	bpDown          = "v"  // move it down
	bpMerge         = "m"  // merge it into another
	bpSplit         = "s"  // move some of its points out
	bpInReport      = "r1" // 写入报告
	bpOutReport     = "r0" // 不写入报告
	bpRemove        = "x"  // asks to confirm
	bpRemoveConfirm = "x!" // removes it
)

// The report's lists and their formats.
const (
	reportProblems       = "p" // the members' problem list (党员个人问题清单)
	reportBranchProblems = "b" // the committee's problem list (支部委员会（班子）问题清单)
	reportLedger         = "l"
	reportDraft          = "r" // the draft report itself (Word only), from /meetings
	formatDOCX           = "docx"
	formatXLSX           = "xlsx"
)

// slot is one field of a layout: how to read it from buttonData, and how to set it from
// wire text, which it checks (false: not this field's shape).
type slot struct {
	get func(d *buttonData) string
	set func(d *buttonData, s string) bool
}

// buttonLayout is a kind's fields in wire order; the last optional ones may be left out
// (they are then ""), from the first empty one on.
type buttonLayout struct {
	slots    []slot
	optional int
}

// buttonLayouts is the one table of what each kind carries: the arity and the shape of
// every field. The router refuses whatever does not fit it before any handler runs.
var buttonLayouts = map[buttonKind]buttonLayout{
	kindStep:    {slots: []slot{idSlot(fieldNonce), stepSlot, valueSlot}},
	kindMember:  {slots: []slot{idSlot(fieldBranch), userSlot, verbSlot(memberBack, memberCommittee, memberOrdinary, memberRemove, memberHandOver, memberRemove+memberConfirm, memberHandOver+memberConfirm)}, optional: 1},
	kindMeeting: {slots: []slot{idSlot(fieldBranch), idSlot(fieldMeeting)}},
	kindPoint:   {slots: recordSlots(pointEdit, pointWithdraw, pointWithdrawConfirm, pointWithdrawCancel)},
	kindStudy:   {slots: recordSlots(studyEdit, studyDelete, studyDeleteConfirm, studyDeleteCancel)},
	kindTalk: {slots: append(recordSlots(talkAgree, talkDispute, talkListAgree, talkListDispute,
		talkEdit, talkWithdraw, talkWithdrawConfirm, talkWithdrawCancel), revSlot), optional: 1},
	kindRect:     {slots: recordSlots(rectConfirm, rectReopen, rectEdit, rectReportOn)},
	kindReport:   {slots: []slot{idSlot(fieldBranch), idSlot(fieldMeeting), verbSlot(reportProblems, reportBranchProblems, reportLedger, reportDraft), formatSlot}},
	kindGo:       {slots: []slot{idSlot(fieldAction), idSlot(fieldBranch), idSlot(fieldMeeting)}, optional: 2},
	kindCalendar: {slots: []slot{idSlot(fieldBranch), idSlot(fieldMeeting)}},
	kindSnooze:   {slots: recordSlots(snoozeStep, snoozeItem)},
	kindDigest:   {slots: []slot{idSlot(fieldBranch), idSlot(fieldMeeting), idSlot(fieldRecord)}},
	kindCarry:    {slots: recordSlots(carryChase, carryQuiet)},
	kindPolish:   {slots: []slot{idSlot(fieldBranch), idSlot(fieldMeeting), verbSlot(polishReport, polishMaterial)}},
	kindOpinion:  {slots: recordSlots(opinionAdopt)},
	kindBallot:   {slots: []slot{idSlot(fieldBranch), idSlot(fieldMeeting), idSlot(fieldRecord)}},
	kindInvite:   {slots: []slot{idSlot(fieldBranch), verbSlot(inviteRenew, inviteRenewConfirm, inviteKeep), idSlot(fieldRecord)}, optional: 1},
	kindBranchProblem: {slots: recordSlots(bpList, bpConfirm, bpAdd, bpGrant, bpOpen, bpEditHeadline, bpEditDetail, bpUp, bpDown,
		bpMerge, bpSplit, bpInReport, bpOutReport, bpRemove, bpRemoveConfirm)},
}

// The string fields a slot can stand for.
func fieldNonce(d *buttonData) *string   { return &d.Nonce }
func fieldBranch(d *buttonData) *string  { return &d.Branch }
func fieldMeeting(d *buttonData) *string { return &d.Meeting }
func fieldRecord(d *buttonData) *string  { return &d.Record }
func fieldAction(d *buttonData) *string  { return &d.Action }

// recordSlots is the layout of a button on one record of a meeting.
func recordSlots(verbs ...string) []slot {
	return []slot{idSlot(fieldBranch), idSlot(fieldMeeting), idSlot(fieldRecord), verbSlot(verbs...)}
}

// idSlot is a field holding an id (or a nonce, or a command name).
func idSlot(field func(*buttonData) *string) slot {
	return slot{
		get: func(d *buttonData) string { return *field(d) },
		set: func(d *buttonData, s string) bool { *field(d) = s; return validButtonID(s) },
	}
}

// verbSlot is the action field, holding one of verbs.
func verbSlot(verbs ...string) slot {
	return slot{
		get: func(d *buttonData) string { return d.Action },
		set: func(d *buttonData, s string) bool { d.Action = s; return slices.Contains(verbs, s) },
	}
}

var formatSlot = slot{
	get: func(d *buttonData) string { return d.Format },
	set: func(d *buttonData, s string) bool { d.Format = s; return s == formatDOCX || s == formatXLSX },
}

// stepSlot is a question's index: a canonical decimal from 0 ("+1", "01", "-1" are forged).
var stepSlot = slot{
	get: func(d *buttonData) string { return strconv.Itoa(d.Step) },
	set: func(d *buttonData, s string) bool {
		n, err := strconv.Atoi(s)
		d.Step = n
		return err == nil && n >= 0 && strconv.Itoa(n) == s
	},
}

// revSlot is a record's revision: a canonical decimal from 1, left out for 0 (the buttons
// shown before revisions were counted carry none).
var revSlot = slot{
	get: func(d *buttonData) string {
		if d.Rev == 0 {
			return ""
		}
		return strconv.Itoa(d.Rev)
	},
	set: func(d *buttonData, s string) bool {
		n, err := strconv.Atoi(s)
		d.Rev = n
		return err == nil && n > 0 && strconv.Itoa(n) == s
	},
}

// userSlot is a Telegram user id: a canonical positive decimal.
var userSlot = slot{
	get: func(d *buttonData) string { return strconv.FormatInt(d.User, 10) },
	set: func(d *buttonData, s string) bool {
		n, err := strconv.ParseInt(s, 10, 64)
		d.User = n
		return err == nil && n > 0 && strconv.FormatInt(n, 10) == s
	},
}

// valueSlot is a flow option's value: the flow itself checks it is one it offers.
var valueSlot = slot{
	get: func(d *buttonData) string { return d.Action },
	set: func(d *buttonData, s string) bool {
		d.Action = s
		return s != "" && utf8.ValidString(s) && !strings.Contains(s, ":")
	},
}

// validButtonID: 1–64 of [A-Za-z0-9_-].
func validButtonID(s string) bool {
	if len(s) < 1 || len(s) > maxButtonData {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// encode is the data to put on a button. It fails, rather than make data Telegram refuses
// or the router cannot read back, when a field does not fit its kind's layout or the whole
// is over 64 bytes: records whose ids make that are the caller's to report.
func (d buttonData) encode() (string, error) {
	l, ok := buttonLayouts[d.Kind]
	if !ok {
		return "", fmt.Errorf("button data of unknown kind %q", d.Kind)
	}
	// The optional fields are left out from the first empty one on; any after it must be
	// empty too (the check below refuses an empty field that is written).
	n := len(l.slots)
	for i := len(l.slots) - l.optional; i < len(l.slots); i++ {
		if l.slots[i].get(&d) == "" {
			n = i
			break
		}
	}
	for _, s := range l.slots[n:] {
		if s.get(&d) != "" {
			return "", fmt.Errorf("button data %s: an optional field is set after an empty one", d.Kind)
		}
	}
	var b strings.Builder // every question's buttons are encoded: one allocation, not one a field
	b.Grow(maxButtonData)
	b.WriteString(string(d.Kind))
	var check buttonData // where each field is set again, to see that it reads back
	for i, s := range l.slots[:n] {
		v := s.get(&d)
		if !s.set(&check, v) {
			return "", fmt.Errorf("button data %s: field %d is %q, which does not fit", d.Kind, i+1, v)
		}
		b.WriteByte(':')
		b.WriteString(v)
	}
	data := b.String()
	if len(data) > maxButtonData {
		return "", fmt.Errorf("button data %q is %d bytes, over Telegram's %d", data, len(data), maxButtonData)
	}
	return data, nil
}

// parseButtonData reads a button's data; ok is false for anything that is not the exact
// encoding of a buttonData: an unknown kind, too few or too many fields, a field of the
// wrong shape, or more than 64 bytes.
func parseButtonData(data string) (buttonData, bool) {
	if len(data) > maxButtonData {
		return buttonData{}, false
	}
	kind, rest, found := strings.Cut(data, ":")
	l, known := buttonLayouts[buttonKind(kind)]
	if !found || !known {
		return buttonData{}, false
	}
	parts := strings.Split(rest, ":")
	if len(parts) > len(l.slots) || len(parts) < len(l.slots)-l.optional {
		return buttonData{}, false
	}
	d := buttonData{Kind: buttonKind(kind)}
	for i, p := range parts {
		if !l.slots[i].set(&d, p) {
			return buttonData{}, false
		}
	}
	return d, true
}

// keyboard builds inline keyboards of data buttons. It keeps the first encoding error, so
// that a layout reads as its buttons and is checked once, when markup is taken.
type keyboard struct{ err error }

// button is a button carrying d (no data if d does not encode: markup then fails).
func (k *keyboard) button(label string, d buttonData) tgbotapi.InlineKeyboardButton {
	data, err := d.encode()
	if err != nil && k.err == nil {
		k.err = err
	}
	return tgbotapi.NewInlineKeyboardButtonData(label, data)
}

// markup is the keyboard of rows, or the first error of its buttons.
func (k *keyboard) markup(rows ...[]tgbotapi.InlineKeyboardButton) (tgbotapi.InlineKeyboardMarkup, error) {
	return tgbotapi.NewInlineKeyboardMarkup(rows...), k.err
}
