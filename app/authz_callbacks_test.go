package app_test

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"orglife"
	"orglife/bot"
	"orglife/bot/telegramtest"
	"orglife/state"
)

// The callback authorisation table. A button's data comes back from the client as it
// likes, so every press below is forged: each role presses data built from REAL records
// (a point, a talk, a rectification item, a meeting, a member of the branch), made fresh
// for the press, on a message of its own chat — exactly what a modified client can do
// with ids it saw or guessed. Who may press what is written down by hand from the design:
//
//	mb  member management       the branch's secretary
//	mt  a meeting's schedule    members of the meeting's branch
//	pt  a point's 编辑/撤回      its author (before the deadline) and the branch's secretary
//	sd  a study's 修改/删除      its author
//	tc  a talk's 确认/有出入     the member the talk was with, while it waits
//	rc  an item's 销号/退回/修改  the branch's secretary
//	rc  an item's 汇报进展       its owner, while it is open
//	rp  the report, its lists   the branch's secretary
//	pl  the report's 润色        the branch's secretary (polishing is on in this branch)
//	    the material's 润色      any member of the branch, for their own material
//	bp  the branch problems     the branch's secretary (and committee members it allows; none here)
//	go  a reminder's 现在填写    as the command it opens, for members of the branch it names
//	dg  the digest's 发给支委    the branch's secretary, on the latest digest
//	iv  the invite's 生成新链接  the branch's secretary
//	cf  继续跟进/不再提醒         the branch's secretary, under its current meeting
//	op  /opinions' 采纳          the branch's committee (支委 and the secretary)
//	bv  a 民主评议 rating         members on the ballot's roster, with a code made for them
//	q   a question's options    the user whose conversation asked it
//
// A refused press must leave every record as it was, give the presser a refusal (and
// nothing of the record), and reach nobody else; an allowed press must do what the
// button says. The same presses made in a group chat are all refused there.

// cbActor is a role of the table and the bot message in its chat its presses are made on.
type cbActor struct {
	authzRole
	inBranch bool                 // a member of 第一党支部, whose records are pressed on
	carrier  telegramtest.Message // the latest /cancel answer in the user's private chat
}

const (
	roleStranger       = "stranger"
	roleAdmin          = "admin"
	roleOtherMember    = "other-branch member"
	roleOtherSecretary = "other-branch secretary"
	roleMember         = "member"
	roleCommittee      = "committee"
	roleSecretary      = "secretary"
)

// cbEnv is the shared arrangement: 第一党支部 (f) with 张书记 100, 委员1 101 and 党员1 201,
// 第二党支部 with 王书记 300 and 赵同志 301, both with a current meeting, a stranger and an
// admin.
type cbEnv struct {
	h        *harness
	f        *fixture
	ctx      context.Context
	otherID  string
	actors   []*cbActor
	everyone []*telegramtest.User
	n        int // numbers the records made fresh for presses
}

// cbPress is one press, made for one role: the data (naming records made for it), what an
// allowed press must have done, and the record's own text that a refused presser must not
// be shown.
type cbPress struct {
	data   string
	secret []string
	effect func(t *testing.T, r cbResult)
	after  func(t *testing.T) // undoes what the press set up or did, for the next presses
}

// cbResult is what a press brought about in the presser's chat.
type cbResult struct {
	answer     telegramtest.CallbackAnswer
	events     []telegramtest.Message // messages sent or edited after the press (the barrier's answer left out)
	carrier    telegramtest.Message   // the pressed message before the press
	carrierNow telegramtest.Message   // and after it
}

// has reports whether any message of the press contains s.
func (r cbResult) has(s string) bool {
	return slices.ContainsFunc(r.events, func(m telegramtest.Message) bool { return strings.Contains(m.Text, s) })
}

func (r cbResult) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "answer %q", r.answer.Text)
	for _, m := range r.events {
		fmt.Fprintf(&b, "; #%d %q", m.ID, m.Text)
	}
	return b.String()
}

// cbAction is a row of the table: a button prefix with one of its actions.
type cbAction struct {
	key     string // prefix:action, as cbKey names the data
	allowed func(r *cbActor) bool
	press   func(t *testing.T, e *cbEnv, r *cbActor) cbPress
}

func only(names ...string) func(*cbActor) bool {
	return func(r *cbActor) bool { return slices.Contains(names, r.name) }
}

// cbRefusals are the answers a refused press may get (as the callback's answer, or — for a
// go: button, which opens a command — as the command's refusal in the chat).
var cbRefusals = []string{"该按钮已失效", "只有支部书记可以管理成员", "只能修改自己的查摆问题", "您还没有加入党支部", "这个命令只有"}

func isRefusal(text string) bool {
	return slices.ContainsFunc(cbRefusals, func(r string) bool { return strings.Contains(text, r) })
}

const internalError = "处理出错了"

// cbKey names the action of a button's data, as the table's keys do.
func cbKey(data string) string {
	p := strings.Split(data, ":")
	switch p[0] {
	case "mb":
		if len(p) > 3 {
			return "mb:" + p[3]
		}
		return "mb:card"
	case "pt", "sd", "tc", "rc", "bp", "cf", "op":
		return p[0] + ":" + p[len(p)-1]
	case "iv": // iv:<branch>:<action>[:<link>]
		return "iv:" + p[min(2, len(p)-1)]
	case "rp":
		return "rp:" + strings.Join(p[len(p)-2:], ":")
	case "pl":
		return "pl:" + p[len(p)-1]
	case "go":
		return "go:" + p[1]
	}
	return p[0]
}

// cbActions is the table: every registered prefix, every action of it.
func cbActions(e *cbEnv) []cbAction {
	f := e.f
	b, m := f.branch.ID, f.meeting.ID
	var acts []cbAction

	// mb: the secretary's member management, on a member made for the press.
	for _, a := range []string{"", "back", "c1", "c0", "rm", "ho", "rm!", "ho!"} {
		acts = append(acts, cbAction{key: "mb:" + cmp.Or(a, "card"), allowed: only(roleSecretary),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				role := orglife.RoleMember
				if a == "c0" {
					role = orglife.RoleCommittee
				}
				id, name := e.newMember(t, role)
				data := fmt.Sprintf("mb:%s:%d", b, id)
				if a != "" {
					data += ":" + a
				}
				p := cbPress{data: data, secret: []string{name}}
				p.effect = func(t *testing.T, res cbResult) {
					mem, isMember, err := f.records.Member(e.ctx, b, id)
					if err != nil {
						t.Fatal(err)
					}
					var ok bool
					switch a {
					case "":
						ok = strings.Contains(res.carrierNow.Text, name+"（党员）") && slices.Contains(dataOf(res.carrierNow), data+":c1")
					case "back":
						ok = strings.Contains(res.carrierNow.Text, "成员（") && strings.Contains(res.carrierNow.Text, name)
					case "c1":
						ok = mem.Role == orglife.RoleCommittee && strings.Contains(res.carrierNow.Text, "已将 "+name+" 设为")
					case "c0":
						ok = mem.Role == orglife.RoleMember && strings.Contains(res.carrierNow.Text, "已将 "+name+" 设为")
					case "rm":
						ok = strings.Contains(res.carrierNow.Text, "确定把 "+name+" 移出支部") && slices.Contains(dataOf(res.carrierNow), data+"!")
					case "ho":
						ok = strings.Contains(res.carrierNow.Text, "确定把支部书记移交给 "+name) && slices.Contains(dataOf(res.carrierNow), data+"!")
					case "rm!":
						ok = !isMember && strings.Contains(res.carrierNow.Text, "已将 "+name+" 移出支部")
					case "ho!":
						br, err := f.records.Branch(e.ctx, b)
						if err != nil {
							t.Fatal(err)
						}
						ok = br.SecretaryID == id && mem.Role == orglife.RoleSecretary
					}
					if !ok {
						t.Errorf("%s: the press did not take effect: member %+v (in the branch: %v); %s", data, mem, isMember, res)
					}
				}
				p.after = func(t *testing.T) {
					if br, err := f.records.Branch(e.ctx, b); err == nil && br.SecretaryID == id {
						if err := f.records.HandOver(e.ctx, b, id, 100); err != nil { // 张书记 is the secretary again
							t.Fatal(err)
						}
					}
				}
				return p
			}})
	}

	// mt: a meeting's schedule, for the members of its branch.
	acts = append(acts, cbAction{key: "mt", allowed: only(roleMember, roleCommittee, roleSecretary),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			return cbPress{data: "mt:" + b + ":" + m, secret: []string{f.meeting.Title},
				effect: func(t *testing.T, res cbResult) {
					if !res.has(f.meeting.Title) || !res.has("会议日期") {
						t.Errorf("the schedule was not shown: %s", res)
					}
				}}
		}})

	// ic: the current meeting's calendar file, for the members of its branch.
	acts = append(acts, cbAction{key: "ic", allowed: only(roleMember, roleCommittee, roleSecretary),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			return cbPress{data: "ic:" + b + ":" + m, secret: []string{f.meeting.Title},
				effect: func(t *testing.T, res cbResult) {
					if !slices.ContainsFunc(res.events, func(m telegramtest.Message) bool {
						return m.Document != nil && m.Document.Name == f.meeting.Title+".ics" && strings.Contains(string(m.Document.Bytes), "BEGIN:VCALENDAR")
					}) {
						t.Errorf("no calendar file: %s", res)
					}
				}}
		}})

	// sz: 明天提醒我 on the points step, for the members of its branch: the presser alone is
	// reminded tomorrow (or told the step is done).
	acts = append(acts, cbAction{key: "sz", allowed: only(roleMember, roleCommittee, roleSecretary),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			return cbPress{data: "sz:" + b + ":" + m + ":points:s",
				effect: func(t *testing.T, res cbResult) {
					if a := res.answer.Text; !strings.Contains(a, "再提醒您") && !strings.Contains(a, "已经完成") {
						t.Errorf("明天提醒我 answered %q", a)
					}
				}}
		}})

	// pt: 编辑 / 撤回 / 确认撤回 / 取消 of a point by 党员1, made for the press.
	for _, a := range []string{"e", "w", "w!", "n"} {
		acts = append(acts, cbAction{key: "pt:" + a, allowed: only(roleMember, roleSecretary),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				problem := fmt.Sprintf("第%d号查摆问题：理论学习浮于表面", e.next())
				pt := f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, problem, "每周精读原文")
				data := strings.Join([]string{"pt", b, m, pt.ID, a}, ":")
				return cbPress{data: data, secret: []string{problem},
					effect: func(t *testing.T, res cbResult) {
						now := ptPoint(t, f, pt.ID)
						var ok bool
						switch a {
						case "e":
							ok = res.has("要修改哪一项") && res.has(problem)
						case "w":
							ok = res.has("确定撤回这条查摆问题吗") && slices.ContainsFunc(res.events, func(m telegramtest.Message) bool {
								return slices.Contains(dataOf(m), strings.TrimSuffix(data, "w")+"w!")
							})
						case "w!":
							ok = now.Withdrawn && strings.Contains(res.carrierNow.Text, "已撤回")
						case "n":
							ok = !now.Withdrawn && res.carrierNow.Text == "已取消。"
						}
						if !ok || (a != "w!" && now.Withdrawn) {
							t.Errorf("%s: the press did not take effect (withdrawn: %v): %s", data, now.Withdrawn, res)
						}
					}}
			}})
	}

	// sd: 修改 / 删除 / 确认删除 / 取消 of a study record of 党员1, made for the press.
	for _, a := range []string{"e", "d", "d!", "n"} {
		acts = append(acts, cbAction{key: "sd:" + a, allowed: only(roleMember),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				topic := fmt.Sprintf("第%d次自学：党章党规原文", e.next())
				st := orglife.Study{ID: "s" + e.nextID(t), MeetingID: m, MemberID: 201, Form: orglife.StudySelf,
					Date: today(e.h), Topic: topic, Hours: 1.5, CreatedAt: time.Now()}
				if err := f.records.SaveStudy(e.ctx, b, st); err != nil {
					t.Fatal(err)
				}
				data := strings.Join([]string{"sd", b, m, st.ID, a}, ":")
				return cbPress{data: data, secret: []string{topic},
					effect: func(t *testing.T, res cbResult) {
						_, err := f.records.Study(e.ctx, b, m, st.ID)
						deleted := errors.Is(err, orglife.ErrNotFound)
						var ok bool
						switch a {
						case "e":
							ok = res.has("要修改哪一项") && res.has(topic)
						case "d":
							ok = res.has("确定删除这条学习记录吗") && slices.ContainsFunc(res.events, func(m telegramtest.Message) bool {
								return slices.Contains(dataOf(m), data+"!")
							})
						case "d!":
							ok = deleted && strings.Contains(res.carrierNow.Text, "已删除学习记录")
						case "n":
							ok = !deleted && res.carrierNow.Text == "已取消。"
						}
						if !ok || (a != "d!" && deleted) {
							t.Errorf("%s: the press did not take effect (deleted: %v): %s", data, deleted, res)
						}
					}}
			}})
	}

	// tc: 确认 / 有出入 of a talk 委员1 recorded with 党员1, waiting for 党员1, made for the press.
	for _, a := range []string{"ok", "no", "lok", "lno"} {
		acts = append(acts, cbAction{key: "tc:" + a, allowed: only(roleMember),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				raised := fmt.Sprintf("第%d次谈话：提醒党员1按时参加组织生活", e.next())
				tk := orglife.Talk{ID: "t" + e.nextID(t), MeetingID: m, RecordedBy: 101, With: 201, WithName: "党员1",
					Date: today(e.h), Form: orglife.TalkFaceToFace, Raised: raised, Received: "委员1要多听群众意见",
					Status: orglife.ConfirmPending, CreatedAt: time.Now()}
				if err := f.records.SaveTalk(e.ctx, b, tk); err != nil {
					t.Fatal(err)
				}
				data := strings.Join([]string{"tc", b, m, tk.ID, a}, ":")
				return cbPress{data: data, secret: []string{raised, "委员1要多听群众意见"},
					effect: func(t *testing.T, res cbResult) {
						now := e.talk(t, tk.ID)
						var ok bool
						switch a {
						case "ok":
							ok = now.Status == orglife.ConfirmAgreed && res.has("您已确认这条谈心谈话记录")
						case "lok":
							ok = now.Status == orglife.ConfirmAgreed && res.has("已确认与")
						default:
							ok = now.Status == orglife.ConfirmPending && res.has("请说明哪些地方有出入")
						}
						if !ok {
							t.Errorf("%s: the press did not take effect (status %s): %s", data, now.Status, res)
						}
					}}
			}})
	}

	// rc: 确认销号 / 退回 of an item 党员1 reported done, made for the press.
	for _, a := range []string{"ok", "no"} {
		acts = append(acts, cbAction{key: "rc:" + a, allowed: only(roleSecretary),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				n := e.next()
				measure := fmt.Sprintf("第%d项整改：建立学习台账", n)
				now := time.Now()
				it := orglife.RectItem{ID: "r" + e.nextID(t), BranchID: b, MeetingID: m, Number: n, Problem: "学习流于形式",
					Measure: measure, Owner: 201, Deadline: today(e.h).AddDays(30), ReviewDays: 7, Status: orglife.RectReported,
					CreatedAt: now, Progress: []orglife.RectReport{{At: now, By: 201, Status: orglife.RectReported, Note: "台账已建立并使用", Kind: "report"}}}
				if err := f.records.SaveRectItem(e.ctx, it); err != nil {
					t.Fatal(err)
				}
				data := strings.Join([]string{"rc", b, m, it.ID, a}, ":")
				return cbPress{data: data, secret: []string{measure, "台账已建立并使用"},
					effect: func(t *testing.T, res cbResult) {
						got := rcItem(t, f, it.ID)
						ok := got.Status == orglife.RectClosed && strings.Contains(res.carrierNow.Text, "已确认销号")
						if a == "no" {
							ok = got.Status == orglife.RectReported && res.has("请说明退回的原因")
						}
						if !ok {
							t.Errorf("%s: the press did not take effect (status %s): %s", data, got.Status, res)
						}
					}}
			}})
	}

	// rc: 修改 (the secretary's, under items made at once) and 汇报进展 (the owner's, on a
	// reminder of the item) of an open item of 党员1's made for the press.
	for _, a := range []string{"e", "p"} {
		allowed, want := only(roleSecretary), "要修改哪一项"
		if a == "p" {
			allowed, want = only(roleMember), "现在进展如何"
		}
		acts = append(acts, cbAction{key: "rc:" + a, allowed: allowed,
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				n := e.next()
				measure := fmt.Sprintf("第%d项整改：提前十分钟到场", n)
				it := orglife.RectItem{ID: "r" + e.nextID(t), BranchID: b, MeetingID: m, Number: n, Problem: "组织生活迟到",
					Measure: measure, Owner: 201, Deadline: today(e.h).AddDays(30), ReviewDays: 7, Status: orglife.RectInProgress,
					CreatedAt: time.Now()}
				if err := f.records.SaveRectItem(e.ctx, it); err != nil {
					t.Fatal(err)
				}
				data := strings.Join([]string{"rc", b, m, it.ID, a}, ":")
				return cbPress{data: data, secret: []string{measure},
					effect: func(t *testing.T, res cbResult) {
						if !res.has(want) || !res.has(measure) {
							t.Errorf("%s: the press did not open the item's dialog: %s", data, res)
						}
					}}
			}})
	}

	// rp: the problem list and the ledger of the current meeting, as Word or Excel, and the
	// report itself (/meetings' 报告).
	for _, a := range []string{"p:docx", "p:xlsx", "l:docx", "l:xlsx", "r:docx"} {
		acts = append(acts, cbAction{key: "rp:" + a, allowed: only(roleSecretary),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				format := strings.TrimPrefix(a[1:], ":")
				return cbPress{data: "rp:" + b + ":" + m + ":" + a,
					effect: func(t *testing.T, res cbResult) {
						if !slices.ContainsFunc(res.events, func(m telegramtest.Message) bool {
							return m.Document != nil && strings.HasSuffix(m.Document.Name, "."+format)
						}) {
							t.Errorf("no .%s document: %s", format, res)
						}
					}}
			}})
	}

	// pl: the report's 润色, which sends the polished report (the fake model's rewrites).
	acts = append(acts, cbAction{key: "pl:r", allowed: only(roleSecretary),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			return cbPress{data: "pl:" + b + ":" + m + ":r",
				effect: func(t *testing.T, res cbResult) {
					if !slices.ContainsFunc(res.events, func(m telegramtest.Message) bool {
						return m.Document != nil && strings.HasSuffix(m.Document.Name, ".docx") && strings.Contains(m.Text, "润色稿")
					}) {
						t.Errorf("no polished report: %s", res)
					}
				}}
		}})

	// pl: the material's 润色, which sends the presser's own material polished; any member
	// of the branch may press it (it drafts their own), no one else.
	acts = append(acts, cbAction{key: "pl:m", allowed: func(r *cbActor) bool { return r.inBranch },
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			return cbPress{data: "pl:" + b + ":" + m + ":m",
				effect: func(t *testing.T, res cbResult) {
					// The table's model rewrites 开展, which a material may not have: then it
					// says it changed nothing, which it says only after drafting and asking.
					if !slices.ContainsFunc(res.events, func(m telegramtest.Message) bool {
						return m.Document != nil && strings.HasSuffix(m.Document.Name, ".docx") && strings.Contains(m.Text, "对照检查材料（润色稿") ||
							strings.Contains(m.Text, "语言模型没有改动任何句子")
					}) {
						t.Errorf("no polished material: %s", res)
					}
				}}
		}})

	// go: the commands a reminder's button may open, and one it may not, about the branch's
	// meeting (another branch's members are refused: the button is not theirs).
	for _, c := range []string{"adopt", "study", "talk", "point", "material", "progress", "ledger", "reassign", "vote", "report"} {
		allowed := func(r *cbActor) bool {
			return c != "report" && r.inBranch && expectedRefusal(authzCommands[c], r.authzRole) == refNone
		}
		acts = append(acts, cbAction{key: "go:" + c, allowed: allowed,
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				return cbPress{data: "go:" + c + ":" + b + ":" + m, effect: func(t *testing.T, res cbResult) {
					if len(res.events) == 0 || slices.ContainsFunc(res.events, func(m telegramtest.Message) bool { return isRefusal(m.Text) }) {
						t.Errorf("go:%s did not open /%s: %s", c, c, res)
					}
				}}
			}})
	}

	// dg: 发给支委 under the branch's latest digest, kept for the press.
	acts = append(acts, cbAction{key: "dg", allowed: only(roleSecretary),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			at := e.h.clock.Now().Add(time.Duration(e.next()) * time.Millisecond)
			rem := state.NewReminders(e.h.redis.Client(t), state.NewKeys(e.h.cfg.Redis.KeyPrefix))
			if err := rem.SaveDigest(e.ctx, b, orglife.DigestSnapshot{MeetingID: m, Since: at.Add(-time.Hour), At: at}); err != nil {
				t.Fatal(err)
			}
			committee := f.committee[0]
			before := count(committee, "【每日进度】")
			return cbPress{data: "dg:" + b + ":" + m + ":" + strconv.FormatInt(at.UnixMilli(), 36), secret: []string{f.meeting.Title},
				effect: func(t *testing.T, res cbResult) {
					// 委员1, and the committee members earlier presses made.
					if !strings.HasPrefix(res.answer.Text, "已发给 ") || !strings.Contains(res.answer.Text, "位支委") {
						t.Errorf("the digest was not sent on: %s", res)
					}
					waitUntil(t, func() bool { return count(committee, "【每日进度】") == before+1 })
				}}
		}})

	// cf: 继续跟进 / 不再提醒 under /newmeeting's list of the previous meeting's open items: an
	// earlier meeting (written once, created a day before the current one) with an open item
	// of 党员1's made for the press.
	earlier := ""
	for _, a := range []string{"k", "q"} {
		acts = append(acts, cbAction{key: "cf:" + a, allowed: only(roleSecretary),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				if earlier == "" {
					earlier = "m" + e.nextID(t)
					prev := orglife.Meeting{ID: earlier, BranchID: b, Title: "上年度专题组织生活会",
						Date: f.meeting.Date.AddDays(-365), CreatedAt: f.meeting.CreatedAt.Add(-24 * time.Hour)}
					raw, err := json.Marshal(prev)
					if err != nil {
						t.Fatal(err)
					}
					key := state.NewKeys(e.h.cfg.Redis.KeyPrefix).BranchMeetings(b)
					if err := e.h.redis.Client(t).HSet(e.ctx, key, earlier, raw).Err(); err != nil {
						t.Fatal(err)
					}
				}
				n := e.next()
				measure := fmt.Sprintf("第%d项上年整改：按月开展谈心谈话", n)
				it := orglife.RectItem{ID: "r" + e.nextID(t), BranchID: b, MeetingID: earlier, Number: n, Problem: "谈心谈话不经常",
					Measure: measure, Owner: 201, Deadline: today(e.h).AddDays(30), ReviewDays: 7, Status: orglife.RectInProgress,
					Quiet: a == "k", CreatedAt: time.Now()}
				if err := f.records.SaveRectItem(e.ctx, it); err != nil {
					t.Fatal(err)
				}
				data := strings.Join([]string{"cf", b, m, earlier, a}, ":")
				return cbPress{data: data, secret: []string{"上年度专题组织生活会"},
					effect: func(t *testing.T, res cbResult) {
						got, err := f.records.RectItem(e.ctx, b, earlier, it.ID)
						if err != nil {
							t.Fatal(err)
						}
						want := map[string]string{"k": "已选择继续跟进", "q": "已选择不再提醒"}[a]
						if got.Quiet != (a == "q") || !strings.Contains(res.carrierNow.Text, want) {
							t.Errorf("%s: the press did not take effect: item quiet %v; %s", data, got.Quiet, res)
						}
					}}
			}})
	}

	// bv: a rating in the 民主评议党员 dialog, on a ballot of the current meeting opened for the
	// table (its roster the branch's three); each presser presses a code made for them, so
	// that only the roster is refused for want of a vote and nobody for a wrong code.
	acts = append(acts, cbAction{key: "bv", allowed: only(roleSecretary, roleCommittee, roleMember),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			bl, err := f.records.Ballot(e.ctx, b, m)
			if errors.Is(err, orglife.ErrNotFound) {
				bl = orglife.Ballot{BranchID: b, MeetingID: m, OpenedAt: e.h.clock.Now(), OpenedBy: 100,
					Closes: e.h.clock.Now().Add(30 * 24 * time.Hour), Roster: []int64{100, 101, 201}, MinVoters: 2}
				if err := f.records.OpenBallot(e.ctx, bl); err != nil {
					t.Fatal(err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			k, err := f.records.BallotKeyOf(e.ctx, bl, e.h.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			data := "bv:" + b + ":" + m + ":" + k.ButtonCode(r.user.ID(), 2, orglife.RatingGood)
			if r.user.ID() == 201 {
				data = "bv:" + b + ":" + m + ":" + k.ButtonCode(r.user.ID(), 0, orglife.RatingGood)
			}
			return cbPress{data: data, secret: []string{"民主评议党员"},
				effect: func(t *testing.T, res cbResult) {
					if res.answer.Text != "已保存" || !strings.Contains(res.carrierNow.Text, "民主评议党员") ||
						!strings.Contains(res.carrierNow.Text, "— 合格") {
						t.Errorf("%s: the rating was not taken: %s; now %q", data, res, res.carrierNow.Text)
					}
				}}
		}})

	// iv: 生成新链接, its 确认 and 取消, on a live invite made for the press.
	for _, a := range []string{"n", "n!", "k"} {
		acts = append(acts, cbAction{key: "iv:" + a, allowed: only(roleSecretary),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				inv := orglife.Invite{Code: state.NewInviteCode(b), BranchID: b, CreatedBy: 100, ExpiresAt: e.h.clock.Now().Add(time.Hour)}
				if err := f.records.SaveInvite(e.ctx, inv); err != nil {
					t.Fatal(err)
				}
				data := "iv:" + b + ":" + a
				return cbPress{data: data, secret: []string{inv.Code},
					effect: func(t *testing.T, res cbResult) {
						now, err := f.records.CurrentInvite(e.ctx, b)
						if err != nil {
							t.Fatal(err)
						}
						var ok bool
						switch a {
						case "n":
							ok = now.Code == inv.Code && strings.Contains(res.carrierNow.Text, "旧链接将失效") &&
								slices.ContainsFunc(dataOf(res.carrierNow), func(d string) bool { return strings.HasPrefix(d, "iv:"+b+":n!:") })
						case "n!":
							ok = now.Code != inv.Code && strings.Contains(res.carrierNow.Text, now.Code) &&
								strings.Contains(res.carrierNow.Text, "旧链接已失效")
						case "k":
							ok = now.Code == inv.Code && strings.Contains(res.carrierNow.Text, "当前的邀请链接（") &&
								strings.Contains(res.carrierNow.Text, inv.Code)
						}
						if !ok {
							t.Errorf("%s: the press did not take effect: live invite %s (was %s); %s", data, now.Code, inv.Code, res)
						}
					}}
			}})
	}

	// op: /opinions' 采纳, on an opinion made for the press: the committee's. Allowed, it asks
	// for the headline of the branch problem the opinion becomes, quoting it.
	acts = append(acts, cbAction{key: "op:a", allowed: only(roleCommittee, roleSecretary),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			op := orglife.Opinion{ID: "o" + e.nextID(t), MeetingID: m, Text: fmt.Sprintf("第%d条意见：支部活动通知不及时", e.next()), Day: today(e.h)}
			raw, err := json.Marshal(op)
			if err != nil {
				t.Fatal(err)
			}
			key := state.NewKeys(e.h.cfg.Redis.KeyPrefix).MeetingOpinions(b, m)
			if err := e.h.redis.Client(t).HSet(e.ctx, key, op.ID, raw).Err(); err != nil {
				t.Fatal(err)
			}
			data := strings.Join([]string{"op", b, m, op.ID, "a"}, ":")
			return cbPress{data: data, secret: []string{op.Text},
				effect: func(t *testing.T, res cbResult) {
					if !res.has("请输入问题标题") || !res.has(op.Text) {
						t.Errorf("%s: the adoption did not begin: %s", data, res)
					}
				}}
		}})

	// bp: the branch problems' board, on problems made for the press.
	for _, a := range []string{"l", "c", "n", "g", "o", "h", "d", "u", "v", "m", "s", "r0", "r1", "x", "x!"} {
		acts = append(acts, cbAction{key: "bp:" + a, allowed: only(roleSecretary),
			press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
				first := e.newBranchProblem(t, 2, a != "r1")
				p := first
				if a == "u" || a == "m" {
					p = e.newBranchProblem(t, 1, true)
				}
				if a == "v" {
					e.newBranchProblem(t, 1, true)
				}
				record, secret := p.ID, p.Headline
				switch a {
				case "l", "n", "g":
					record = "0"
				case "c":
					pt := f.addPoint(t, 201, orglife.AreaIntegrity, orglife.SourceSelf, fmt.Sprintf("第%d号：对廉洁小节重视不够", e.next()), "")
					record, secret = "a6", pt.Problem
				}
				data := strings.Join([]string{"bp", b, m, record, a}, ":")
				return cbPress{data: data, secret: []string{secret},
					effect: func(t *testing.T, res cbResult) {
						now := e.branchProblems(t)
						var ok bool
						switch a {
						case "l":
							ok = strings.Contains(res.carrierNow.Text, "支部班子问题（"+f.meeting.Title) && strings.Contains(res.carrierNow.Text, p.Headline)
						case "c", "n":
							ok = res.has("请为这条支部班子问题写一个标题")
						case "g":
							ok = res.has("勾选可以整理支部班子问题的支委")
						case "o":
							ok = strings.Contains(res.carrierNow.Text, p.Headline) && strings.Contains(res.carrierNow.Text, "具体表现")
						case "h":
							ok = res.has("现在的标题：" + p.Headline)
						case "d":
							ok = res.has("现在的具体表现")
						case "u", "v":
							ok = now[first.ID].Order > now[p.ID].Order || a == "v" && now[first.ID].Order > first.Order
						case "m":
							ok = res.has("合并到哪一条")
						case "s":
							ok = res.has("勾选要拆出去另立一条的")
						case "r0":
							ok = !now[p.ID].InReport && strings.Contains(res.carrierNow.Text, "不写入报告")
						case "r1":
							ok = now[p.ID].InReport && strings.Contains(res.carrierNow.Text, "写入报告")
						case "x":
							ok = res.has("确定删除这条支部班子问题吗") && !now[p.ID].Removed
						case "x!":
							_, live := now[p.ID]
							ok = !live && strings.Contains(res.carrierNow.Text, "已删除")
						}
						if !ok {
							t.Errorf("%s: the press did not take effect (%+v): %s", data, now[p.ID], res)
						}
					}}
			}})
	}

	// q: the first question of 党员1's /point (a conversation open for the press).
	acts = append(acts, cbAction{key: "q", allowed: only(roleMember),
		press: func(t *testing.T, e *cbEnv, r *cbActor) cbPress {
			u := f.members[0]
			u.Send("/point")
			prompt, err := u.WaitReply(e.ctxT(t), func(m telegramtest.Message) bool {
				return slices.ContainsFunc(dataOf(m), func(d string) bool { return strings.HasPrefix(d, "q:") })
			})
			if err != nil {
				t.Fatal(err)
			}
			waitSession(t, e.h, u.ID(), true)
			return cbPress{data: dataOf(prompt)[0],
				effect: func(t *testing.T, res cbResult) {
					if !res.has("这个问题是怎么查摆出来的") {
						t.Errorf("the answer was not taken: %s", res)
					}
				},
				after: func(t *testing.T) { barrier(t, e.h, u) }}
		}})
	return acts
}

// dataOf is the callback data of a message's buttons.
func dataOf(m telegramtest.Message) []string {
	var out []string
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Data != "" {
				out = append(out, b.Data)
			}
		}
	}
	return out
}

func (e *cbEnv) ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(e.ctx, 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func (e *cbEnv) next() int { e.n++; return e.n }

func (e *cbEnv) nextID(t *testing.T) string {
	t.Helper()
	id, err := e.f.records.NextID(e.ctx, e.f.branch.ID)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// newBranchProblem states a branch problem of 第一党支部 for one press, last in order,
// gathering points fresh points of 党员1 (none: agreed collectively).
func (e *cbEnv) newBranchProblem(t *testing.T, points int, inReport bool) orglife.BranchProblem {
	t.Helper()
	f := e.f
	n := e.next()
	p := orglife.BranchProblem{ID: "b" + e.nextID(t), MeetingID: f.meeting.ID, Order: len(e.branchProblems(t)) + 1,
		Headline: fmt.Sprintf("第%d号支部问题的标题", n), Detail: fmt.Sprintf("第%d号问题的具体表现。", n), InReport: inReport,
		CreatedBy: 100, CreatedAt: time.Now(), UpdatedAt: time.Now()}
	for i := range points {
		pt := f.addPoint(t, 201, orglife.AreaTheory, orglife.SourceSelf, fmt.Sprintf("第%d号之%d：理论学习不够系统", n, i+1), "")
		p.PointIDs = append(p.PointIDs, pt.ID)
	}
	if err := f.records.SaveBranchProblems(e.ctx, f.branch.ID, f.meeting.ID, []orglife.BranchProblem{p},
		[]orglife.BranchProblemChange{{ProblemID: p.ID, By: 100, Action: orglife.BranchProblemCreate}}); err != nil {
		t.Fatal(err)
	}
	return p
}

// branchProblems are 第一党支部's live branch problems by id.
func (e *cbEnv) branchProblems(t *testing.T) map[string]orglife.BranchProblem {
	t.Helper()
	all, err := e.f.records.BranchProblems(e.ctx, e.f.branch.ID, e.f.meeting.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]orglife.BranchProblem{}
	for _, p := range orglife.LiveBranchProblems(all) {
		out[p.ID] = p
	}
	return out
}

func (e *cbEnv) talk(t *testing.T, id string) orglife.Talk {
	t.Helper()
	tk, err := e.f.records.Talk(e.ctx, e.f.branch.ID, e.f.meeting.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// newMember adds a member to 第一党支部 for one press (a removal or a hand-over changes
// whoever it is pressed on).
func (e *cbEnv) newMember(t *testing.T, role orglife.Role) (int64, string) {
	t.Helper()
	n := e.next()
	id, name := int64(1000+n), fmt.Sprintf("候选%d号", n)
	if _, err := e.f.records.AddMember(e.ctx, e.f.branch.ID, orglife.Member{UserID: id, Name: name, Role: orglife.RoleMember, JoinedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if role == orglife.RoleCommittee {
		if err := e.f.records.SetRole(e.ctx, e.f.branch.ID, id, role); err != nil {
			t.Fatal(err)
		}
	}
	e.everyone = append(e.everyone, e.h.fake.NewUser(id, name))
	return id, name
}

// newCBEnv arranges the table's records and people on a harness started by start
// (newDirectHarness or newHarness).
func newCBEnv(t *testing.T, start func(testing.TB, ...option) *harness) *cbEnv {
	llm := newFakeLLM(t)
	llm.set(rewriting(func(s string) string { return strings.ReplaceAll(s, "开展", "扎实开展") }), 0)
	h := start(t, authzConfig(), withLLM(llm, 10*time.Second))
	e := &cbEnv{h: h, f: seedBranch(t, h, 1, 1), ctx: context.Background()}
	f := e.f
	if err := f.records.SetPolish(e.ctx, f.branch.ID, true); err != nil {
		t.Fatal(err)
	}
	otherMember := seedOtherBranch(t, h)
	otherSecretary, _ := h.fake.User(300)
	ids, err := f.records.UserBranches(e.ctx, 301)
	if err != nil || len(ids) != 1 {
		t.Fatalf("branches of 301: %v, %v", ids, err)
	}
	e.otherID = ids[0]
	// 第二党支部 has a meeting too, so that what its people may open there opens.
	day := today(h)
	seq, err := f.records.NextID(e.ctx, e.otherID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.records.CreateMeeting(e.ctx, orglife.Meeting{ID: "m" + seq, BranchID: e.otherID, Title: "第二支部组织生活会",
		Date: day.AddDays(20), Steps: orglife.NewSteps(day.AddDays(20), h.cfg.Meeting.Steps), CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}

	branchA := []string{f.branch.Name, "张书记", "委员1", "党员1", f.meeting.Title}
	branchB := []string{"第二党支部", "王书记", "赵同志", "第二支部组织生活会"}
	e.actors = []*cbActor{
		{authzRole: authzRole{name: roleStranger, level: orglife.RoleStranger, user: h.fake.NewUser(800, "路人"), foreign: append(branchA, branchB...)}},
		{authzRole: authzRole{name: roleAdmin, level: orglife.RoleStranger, admin: true, user: h.fake.NewUser(authzAdmin, "管理员"), foreign: append(branchA, branchB...)}},
		{authzRole: authzRole{name: roleOtherMember, level: orglife.RoleMember, user: otherMember, foreign: branchA}},
		{authzRole: authzRole{name: roleOtherSecretary, level: orglife.RoleSecretary, user: otherSecretary, foreign: branchA}},
		{authzRole: authzRole{name: roleCommittee, level: orglife.RoleCommittee, user: f.committee[0], foreign: branchB}, inBranch: true},
		{authzRole: authzRole{name: roleMember, level: orglife.RoleMember, user: f.members[0], foreign: branchB}, inBranch: true},
		{authzRole: authzRole{name: roleSecretary, level: orglife.RoleSecretary, user: f.secretary, foreign: branchB}, inBranch: true},
	}
	for _, r := range e.actors {
		e.everyone = append(e.everyone, r.user)
		r.carrier = barrier(t, e.h, r.user)
	}
	return e
}

// barrier sends /cancel and waits for its answer: once it is there, everything the user
// did before is handled (a chat's updates are handled in order), and any conversation a
// press opened is over. The answer is the message the next press is made on.
func barrier(t *testing.T, h *harness, u *telegramtest.User) telegramtest.Message {
	t.Helper()
	last := 0
	for _, m := range u.Replies() {
		last = max(last, m.ID)
	}
	u.Send("/cancel")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	// The answer is a new message (saying a draft was kept, when something was typed).
	m, err := u.WaitReply(ctx, func(m telegramtest.Message) bool {
		return m.ID > last && m.Edits == 0 && (strings.HasPrefix(m.Text, "已取消。") || strings.Contains(m.Text, "当前没有进行中的操作"))
	})
	if err != nil {
		t.Fatalf("/cancel: %v", err)
	}
	// A conversation's end reaches Redis once the update is acknowledged, just after.
	waitSession(t, h, u.ID(), false)
	return m
}

// waitSession waits until the user's private conversation is open (or over) in Redis.
func waitSession(t *testing.T, h *harness, userID int64, open bool) {
	t.Helper()
	key := fmt.Sprintf("%s:{sessions}:%d:%d", h.cfg.Redis.KeyPrefix, userID, userID)
	rdb := snapshotClient(h)
	allHandled(t, h, 0) // on a direct harness, the updates' writes are in Redis from here on
	waitUntil(t, func() bool {
		n, err := rdb.Exists(context.Background(), key).Result()
		return err == nil && (n == 1) == open
	})
}

func answerOf(t *testing.T, u *telegramtest.User, queryID string) telegramtest.CallbackAnswer {
	t.Helper()
	var a telegramtest.CallbackAnswer
	waitUntil(t, func() bool {
		for _, x := range u.CallbackAnswers() {
			if x.QueryID == queryID && x.Answered {
				a = x
				return true
			}
		}
		return false
	})
	return a
}

func messageByID(u *telegramtest.User, id int) telegramtest.Message {
	for _, m := range u.Replies() {
		if m.ID == id {
			return m
		}
	}
	return telegramtest.Message{}
}

// branchKeys is the part of a snapshot that holds 第一党支部's records.
func branchKeys(s map[string]string, branchID string) map[string]string {
	out := map[string]string{}
	for k, v := range s {
		if strings.Contains(k, "{b:"+branchID+"}") {
			out[k] = v
		}
	}
	return out
}

func diffSnapshots(before, after map[string]string) []string {
	var out []string
	for k, v := range before {
		if w, ok := after[k]; !ok {
			out = append(out, "deleted "+k)
		} else if w != v {
			out = append(out, "changed "+k)
		}
	}
	for k := range after {
		if _, ok := before[k]; !ok {
			out = append(out, "created "+k)
		}
	}
	sort.Strings(out)
	return out
}

// press makes one press of the table in r's private chat and judges it.
func (e *cbEnv) press(t *testing.T, a cbAction, r *cbActor) {
	p := a.press(t, e, r)
	if p.after != nil {
		defer p.after(t)
	}
	if got := cbKey(p.data); got != a.key {
		t.Fatalf("the row %s presses %q, which is a %s button", a.key, p.data, got)
	}
	allowed := a.allowed(r)
	before := snapshot(t, e.h)
	_, seq := r.user.BotEvents(math.MaxInt)
	carrier := r.carrier
	qid, err := r.user.ClickData(carrier.ID, p.data)
	if err != nil {
		t.Fatal(err)
	}
	r.carrier = barrier(t, e.h, r.user)
	res := cbResult{answer: answerOf(t, r.user, qid), carrier: carrier, carrierNow: messageByID(r.user, carrier.ID)}
	events, _ := r.user.BotEvents(seq)
	for _, m := range events {
		if m.ID != r.carrier.ID {
			res.events = append(res.events, m)
		}
	}
	after := snapshot(t, e.h)

	if strings.Contains(res.answer.Text, internalError) || res.has(internalError) {
		t.Errorf("%q by %s failed inside the bot: %s", p.data, r.name, res)
	}
	for _, m := range res.events {
		for _, n := range r.foreign {
			if strings.Contains(m.Text, n) {
				t.Errorf("%q by %s showed %q of a branch not theirs: %q", p.data, r.name, n, m.Text)
			}
		}
	}
	if !r.inBranch {
		// Whatever it opens in the presser's own branch, 第一党支部 is not touched.
		if d := diffSnapshots(branchKeys(before, e.f.branch.ID), branchKeys(after, e.f.branch.ID)); len(d) > 0 {
			t.Errorf("%q by %s changed the records of 第一党支部: %v", p.data, r.name, d)
		}
	}
	if allowed {
		if isRefusal(res.answer.Text) || slices.ContainsFunc(res.events, func(m telegramtest.Message) bool { return isRefusal(m.Text) }) {
			t.Errorf("%q by %s was refused; it is allowed: %s", p.data, r.name, res)
			return
		}
		p.effect(t, res)
		return
	}

	refused := isRefusal(res.answer.Text)
	if res.answer.Text == "" && len(res.events) > 0 && isRefusal(res.events[len(res.events)-1].Text) {
		refused = true // a go: button answers the command's refusal in the chat
	}
	if !refused {
		t.Errorf("%q by %s: want a refusal, got %s", p.data, r.name, res)
	}
	for _, m := range res.events {
		// The stale button's message may lose its buttons; nothing else may come.
		if (m.ID != carrier.ID || m.Text != carrier.Text) && !isRefusal(m.Text) {
			t.Errorf("%q by %s (refused) was shown %q", p.data, r.name, m.Text)
		}
		if m.Document != nil {
			t.Errorf("%q by %s (refused) got a document %q", p.data, r.name, m.Document.Name)
		}
		for _, s := range p.secret {
			if strings.Contains(m.Text, s) {
				t.Errorf("%q by %s (refused) was shown the record: %q", p.data, r.name, m.Text)
			}
		}
	}
	if d := diffSnapshots(before, after); len(d) > 0 {
		t.Errorf("%q by %s (refused) changed records: %v", p.data, r.name, d)
	}
	for _, u := range e.everyone {
		if u == r.user {
			continue
		}
		if got, _ := u.BotEvents(seq); len(got) > 0 {
			t.Errorf("%q by %s (refused) reached user %d: %q", p.data, r.name, u.ID(), got[0].Text)
		}
	}
}

// TestAuthzCallbackTable presses every row of the table as each role, in a private chat and
// in a group. The whole table runs on the handlers directly (newDirectHarness); "http"
// makes, as each role, the first press of the table it may make and the first it may not,
// and one in a group, through the whole app (poller, Redis inbox, sender, the fake over
// HTTP), judged by the same checks.
func TestAuthzCallbackTable(t *testing.T) {
	t.Parallel()
	t.Run("handlers", func(t *testing.T) {
		t.Parallel()
		e := newCBEnv(t, newDirectHarness)
		acts := cbActions(e)
		covered := map[string]bool{}
		for _, a := range acts {
			covered[strings.SplitN(a.key, ":", 2)[0]] = true
		}

		t.Run("registered", func(t *testing.T) {
			// Every prefix the bot routes is a row of the table, and the other way round.
			registered := registeredButtonPrefixes(t)
			registered = append(registered, "q") // a conversation's buttons, routed before the map
			for _, p := range registered {
				if !covered[p] {
					t.Errorf("the bot routes buttons %q:…, which the authorisation table does not press", p)
				}
			}
			for p := range covered {
				if !slices.Contains(registered, p) {
					t.Errorf("the table presses %q:… buttons, which the bot does not route", p)
				}
			}
		})

		t.Run("private", func(t *testing.T) {
			for _, a := range acts {
				t.Run(a.key, func(t *testing.T) {
					for _, r := range e.actors {
						e.press(t, a, r)
					}
				})
			}
		})

		t.Run("group", func(t *testing.T) {
			g := e.h.fake.NewGroup(6000, "支部群")
			sender := e.actors[len(e.actors)-1].user
			carrier := groupBarrier(t, e, sender, g)
			for _, a := range acts {
				t.Run(a.key, func(t *testing.T) {
					for _, r := range e.actors {
						carrier = e.pressInGroup(t, a, r, g, carrier)
					}
				})
			}
			checkGroupPointers(t, g)
		})

		checkDrawnButtons(t, e, acts)
		noViolations(t, e.h.fake)
	})

	t.Run("http", func(t *testing.T) {
		t.Parallel()
		e := newCBEnv(t, newHarness)
		acts := cbActions(e)
		g := e.h.fake.NewGroup(6000, "支部群")
		carrier := groupBarrier(t, e, e.actors[len(e.actors)-1].user, g)
		for _, r := range e.actors {
			t.Run(r.name, func(t *testing.T) {
				allowed := slices.IndexFunc(acts, func(a cbAction) bool { return a.allowed(r) })
				refused := slices.IndexFunc(acts, func(a cbAction) bool { return !a.allowed(r) })
				for _, i := range []int{allowed, refused} {
					if i >= 0 {
						t.Run(acts[i].key, func(t *testing.T) { e.press(t, acts[i], r) })
					}
				}
				// In a group, even a press allowed in the private chat is refused.
				i := allowed
				if i < 0 {
					i = refused
				}
				a := acts[i]
				t.Run("group/"+a.key, func(t *testing.T) { carrier = e.pressInGroup(t, a, r, g, carrier) })
			})
		}
		checkGroupPointers(t, g)
		checkDrawnButtons(t, e, acts)
		noViolations(t, e.h.fake)
	})
}

// checkGroupPointers checks that the group was shown nothing but pointers to the private chat.
func checkGroupPointers(t *testing.T, g *telegramtest.Group) {
	t.Helper()
	for _, m := range g.Replies() {
		if m.Document != nil || !strings.Contains(m.Text, "私聊") {
			t.Errorf("the group was shown %q (document %v)", m.Text, m.Document != nil)
		}
	}
}

// checkDrawnButtons checks that every button the bot drew is one of the table's rows.
func checkDrawnButtons(t *testing.T, e *cbEnv, acts []cbAction) {
	t.Helper()
	keys := map[string]bool{}
	for _, a := range acts {
		keys[a.key] = true
	}
	for _, c := range e.h.fake.Calls() {
		var mk struct {
			Inline [][]struct {
				Data string `json:"callback_data"`
			} `json:"inline_keyboard"`
		}
		if c.Params["reply_markup"] == "" || json.Unmarshal([]byte(c.Params["reply_markup"]), &mk) != nil {
			continue
		}
		for _, row := range mk.Inline {
			for _, b := range row {
				if b.Data != "" && !keys[cbKey(b.Data)] {
					t.Errorf("the bot drew a button %q (%s), which is no row of the table", b.Data, cbKey(b.Data))
				}
			}
		}
	}
}

// groupBarrier sends /help in the group as u and waits for the bot's pointer to the private
// chat: the group's updates before it are handled. The pointer is the next press's message.
func groupBarrier(t *testing.T, e *cbEnv, u *telegramtest.User, g *telegramtest.Group) telegramtest.Message {
	t.Helper()
	last := 0
	for _, m := range g.Replies() {
		last = max(last, m.ID)
	}
	u.SendIn(g, "/help")
	var got telegramtest.Message
	waitFake(t, e.h.fake, func() bool {
		for _, m := range g.Replies() {
			if m.ID > last {
				got = m
				return true
			}
		}
		return false
	})
	return got
}

// pressInGroup presses the row's button as r on a message of the group, as a modified client
// can, and checks it is refused there without a trace: buttons work in private chats only.
func (e *cbEnv) pressInGroup(t *testing.T, a cbAction, r *cbActor, g *telegramtest.Group, carrier telegramtest.Message) telegramtest.Message {
	p := a.press(t, e, r)
	if p.after != nil {
		defer p.after(t)
	}
	before := snapshot(t, e.h)
	groupBefore := g.Replies()
	_, seq := r.user.BotEvents(math.MaxInt)
	qid := fmt.Sprintf("group%d", e.next())
	update := map[string]any{"callback_query": map[string]any{
		"id":            qid,
		"from":          map[string]any{"id": r.user.ID(), "is_bot": false, "first_name": r.name},
		"chat_instance": strconv.FormatInt(g.ID(), 10),
		"data":          p.data,
		"message": map[string]any{"message_id": carrier.ID, "date": carrier.Date.Unix(), "text": carrier.Text,
			"from": map[string]any{"id": e.h.fake.BotID(), "is_bot": true, "first_name": "orglife"},
			"chat": map[string]any{"id": g.ID(), "type": "group", "title": "支部群"}},
	}}
	raw, err := json.Marshal(update)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.h.fake.InjectUpdate(raw); err != nil {
		t.Fatal(err)
	}
	next := groupBarrier(t, e, r.user, g)
	var answer *telegramtest.Call
	waitUntil(t, func() bool {
		for _, c := range e.h.fake.CallsTo("answerCallbackQuery") {
			if c.Params["callback_query_id"] == qid {
				answer = &c
				return true
			}
		}
		return false
	})
	if !strings.Contains(answer.Params["text"], "已失效") {
		t.Errorf("%q by %s in a group: answered %q, want it refused as expired", p.data, r.name, answer.Params["text"])
	}
	for _, m := range g.Replies() {
		i := slices.IndexFunc(groupBefore, func(old telegramtest.Message) bool { return old.ID == m.ID })
		switch {
		case m.ID == next.ID:
		case i < 0:
			t.Errorf("%q by %s in a group: the group was sent %q", p.data, r.name, m.Text)
		case m.Text != groupBefore[i].Text:
			t.Errorf("%q by %s in a group: a message of the group became %q", p.data, r.name, m.Text)
		}
		if m.Document != nil {
			t.Errorf("%q by %s in a group: a document %q reached the group", p.data, r.name, m.Document.Name)
		}
		for _, s := range p.secret {
			if strings.Contains(m.Text, s) {
				t.Errorf("%q by %s in a group: the group was shown the record: %q", p.data, r.name, m.Text)
			}
		}
	}
	if d := diffSnapshots(before, snapshot(t, e.h)); len(d) > 0 {
		t.Errorf("%q by %s in a group changed records: %v", p.data, r.name, d)
	}
	for _, u := range e.everyone {
		if got, _ := u.BotEvents(seq); len(got) > 0 {
			t.Errorf("%q by %s in a group reached the private chat of %d: %q", p.data, r.name, u.ID(), got[0].Text)
		}
	}
	return next
}

// --- what the bot registers ---

// routes are the bot's commands and button prefixes, read from handlers built as the app
// builds them (nothing is sent or stored while they are only listed).
func routes() *bot.Handlers {
	return bot.NewHandlers(nil, nil, nil, nil, bot.HandlerOptions{}, slog.New(slog.DiscardHandler))
}

// registeredButtonPrefixes are the prefixes of every button the bot routes outside a flow.
func registeredButtonPrefixes(*testing.T) []string { return routes().ButtonPrefixes() }

// registeredCommands are the names of every command the bot answers.
func registeredCommands(*testing.T) []string {
	var out []string
	for _, c := range routes().Commands() {
		out = append(out, c.Name)
	}
	return out
}
