package bot

import (
	"maps"
	"slices"

	"orglife"
	"orglife/state"
)

// Command is one slash command: its name, what the menu says of it, the branch role it
// needs (RoleStranger: none), whether only ORGLIFE_ADMINS may use it, and what it does.
type Command struct {
	Name      string
	Desc      Text
	Role      orglife.Role
	AdminOnly bool
	// refusal, when set, is what a user whose role is too low is told instead of
	// msgRoleNeeded: for a command only some of a role may use (/branchproblems).
	refusal Text
	// draft is the kind of draft the command reads first, and parts what of its branch and
	// meeting its first prompt reads: read ahead as it is queued.
	draft string
	parts state.Parts
	run   func(t *turn) error
}

// allCommands is the one list of commands: the menu registered with Telegram, /help and
// the router all read it. Each feature contributes its part, in menu order.
func (h *Handlers) allCommands() []Command {
	var out []Command
	for _, part := range [][]Command{h.baseCommands(), h.branchCommands(), h.meetingCommands(), h.todoCommands(), h.pointCommands(), h.branchProblemCommands(),
		h.talkCommands(), h.studyCommands(), h.sessionCommands(), h.minutesCommands(), h.statusCommands(), h.leaveCommands(), h.holidayCommands(),
		h.reportCommands(), h.rectifyCommands(), h.myMaterialCommands(), h.exportCommands(), h.forgetCommands(), h.polishCommands(), h.reassignCommands(), h.opinionCommands(), h.ballotCommands()} {
		out = append(out, part...)
	}
	return out
}

func (h *Handlers) baseCommands() []Command {
	return []Command{
		{Name: "start", Desc: descStart, run: h.start},
		{Name: "help", Desc: descHelp, run: h.help},
		{Name: "cancel", Desc: descCancel, run: h.cancel},
		{Name: "lang", Desc: descLang, run: h.langCommand},
	}
}

// Commands is every command the handlers answer, in menu order.
func (h *Handlers) Commands() []Command { return slices.Clone(h.commands) }

// ButtonPrefixes are the prefixes of the buttons the handlers route outside conversations
// (a conversation's own buttons are "q:…"), sorted: what an authorisation table must cover.
func (h *Handlers) ButtonPrefixes() []string {
	out := make([]string, 0, len(h.buttons))
	for k := range h.buttons {
		out = append(out, string(k))
	}
	slices.Sort(out)
	return out
}

// lookupCommand finds a command by name.
func (h *Handlers) lookupCommand(name string) (Command, bool) {
	for _, c := range h.commands {
		if c.Name == name {
			return c, true
		}
	}
	return Command{}, false
}

// allFlows lists every flow; each feature contributes its own.
func (h *Handlers) allFlows() []*flow {
	return concatFlows(h.baseFlows(), h.branchFlows(), h.meetingFlows(), h.pointFlows(), h.branchProblemFlows(),
		h.talkFlows(), h.studyFlows(), h.sessionFlows(), h.minutesFlows(), h.leaveFlows(), h.holidayFlows(), h.rectifyFlows(), h.forgetFlows(), h.polishFlows(), h.reassignFlows(), h.opinionFlows())
}

func concatFlows(lists ...[]*flow) []*flow {
	var out []*flow
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// allButtons maps the kind of a button's data to its handler, for buttons outside flows.
func (h *Handlers) allButtons() map[buttonKind]buttonHandler {
	m := map[buttonKind]buttonHandler{}
	for _, part := range []map[buttonKind]buttonHandler{h.branchButtons(), h.pointButtons(), h.branchProblemButtons(), h.talkButtons(), h.reportButtons(),
		h.rectifyButtons(), h.calendarButtons(), h.snoozeButtons(), h.digestButtons(), h.inviteButtons(), h.studyButtons(), h.carryButtons(), h.polishButtons(), h.opinionButtons(), h.ballotButtons(), {kindGo: h.onGoButton}} {
		maps.Copy(m, part)
	}
	return m
}
