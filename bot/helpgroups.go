package bot

import (
	"fmt"
	"strings"

	"orglife"
)

// /help groups the commands by the stage of the work they serve, so that a secretary with
// forty commands reads four short lists instead of one long one.

// phase is a group of /help.
type phase int

// The groups of /help, in the order shown.
const (
	phaseEveryday phase = iota // 常用
	phasePrep                  // 会前准备
	phaseMeeting               // 会议
	phaseRect                  // 整改
	phaseBranch                // 支部管理
	phaseSettings              // 设置
)

// commandPhases places each command in a group; one missing is shown under 常用 (and
// TestEveryCommandHasAPhase fails).
var commandPhases = map[string]phase{
	"start": phaseEveryday, "help": phaseEveryday, "cancel": phaseEveryday, cmdTodo: phaseEveryday,
	"point": phasePrep, "mypoints": phasePrep, "points": phasePrep, "talk": phasePrep, cmdMyTalks: phasePrep,
	"study": phasePrep, "mystudy": phasePrep, "session": phasePrep, "sessions": phasePrep,
	"material": phasePrep, "mymaterial": phasePrep, "status": phasePrep, "remind": phasePrep,
	"leave": phasePrep, "schedule": phasePrep, "adopt": phasePrep, "branchproblems": phasePrep,
	"newmeeting": phaseMeeting, "deadline": phaseMeeting, "meetinginfo": phaseMeeting, "meetings": phaseMeeting,
	"minutes": phaseMeeting, "report": phaseMeeting, "ballot": phaseMeeting, "vote": phaseMeeting,
	"rectify": phaseRect, cmdProgress: phaseRect, cmdLedger: phaseRect, cmdReassign: phaseRect,
	"newbranch": phaseBranch, "branch": phaseBranch, "members": phaseBranch, "invite": phaseBranch,
	"timezone": phaseBranch, "holidays": phaseBranch, "retention": phaseBranch, "polish": phaseBranch, "export": phaseBranch,
	"lang": phaseSettings, "forgetme": phaseSettings,
	"collect": phasePrep, "opinions": phasePrep,
}

// helpGroups writes cmds as /help shows them: a heading per group that has any, then a line
// per command, in the order of the list.
func helpGroups(cmds []Command, lang orglife.Lang) string {
	var b strings.Builder
	for p := range phaseNames {
		first := true
		for _, c := range cmds {
			if commandPhases[c.Name] != phase(p) {
				continue
			}
			if first {
				fmt.Fprintf(&b, "\n<b>%s</b>\n", phaseNames[p].In(lang))
				first = false
			}
			fmt.Fprintf(&b, "/%s — %s\n", c.Name, quote(c.Desc.In(lang)))
		}
	}
	return b.String()
}
