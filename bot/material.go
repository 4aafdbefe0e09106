package bot

import (
	"errors"
	"fmt"
	"reflect"

	"orglife"
	"orglife/state"
)

// A member marks their comparison-check material (对照检查材料) as written. The command is
// listed by statusCommands and its flow by minutesFlows.

const flowMaterial = "material"

// materialAnswers are /material's answers: the meeting, the step's deadline and whether the
// user has no point (all preset by the command), and the confirmation.
type materialAnswers struct {
	Meeting  string       `answer:"meeting"`
	Deadline orglife.Date `answer:"deadline"`
	NoPoints bool         `answer:"nopoints"`
	Confirm  string       `answer:"confirm"`
}

func (h *Handlers) materialCommands() []Command {
	return []Command{
		{Name: "material", Desc: descMaterial, Role: orglife.RoleMember, run: h.material},
	}
}

func (h *Handlers) materialFlows() []*flow {
	return []*flow{{
		name:       flowMaterial,
		need:       orglife.RoleMember,
		forMeeting: true,
		answers:    reflect.TypeFor[materialAnswers](), preset: []string{"meeting", "deadline", "nopoints"},
		questions: []question{{key: "confirm", ask: h.askMaterial,
			options: func(t *turn, _ answers) ([]option, error) {
				return []option{{btnMaterialConfirm.In(t.lang), "yes"}}, nil
			}}},
		finish: h.saveMaterial,
	}}
}

func (h *Handlers) material(t *turn) error {
	m, ok, err := h.currentMeeting(t)
	if err != nil || !ok {
		return err
	}
	step, ok := m.Step(orglife.StepMaterial)
	if !ok {
		return h.say(t.ctx, t.chatID, msgNoMaterialStep.In(t.lang))
	}
	done, err := h.materialIsDone(t, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	if done {
		return h.say(t.ctx, t.chatID, msgMaterialAlready.In(t.lang))
	}
	preset := answers{"meeting": m.ID, "deadline": step.Deadline.String()}
	points, err := h.records.Points(t.ctx, m.BranchID, m.ID)
	if err != nil {
		return err
	}
	preset["nopoints"] = "1"
	for _, p := range points {
		if p.MemberID == t.userID && !p.Withdrawn {
			delete(preset, "nopoints")
			break
		}
	}
	return h.startFlow(t, h.flows[flowMaterial], t.branch.ID, preset)
}

func (h *Handlers) askMaterial(t *turn, a answers) string {
	x := answersAs[materialAnswers](a)
	text := fmt.Sprintf(msgAskMaterial.In(t.lang), x.Deadline.In(t.lang))
	if x.NoPoints {
		text += msgMaterialNoPoints.In(t.lang)
	}
	return text
}

func (h *Handlers) materialIsDone(t *turn, branchID, meetingID string) (bool, error) {
	done, err := h.records.MaterialDone(t.ctx, branchID, meetingID)
	if err != nil {
		return false, err
	}
	for _, id := range done {
		if id == t.userID {
			return true, nil
		}
	}
	return false, nil
}

func (h *Handlers) saveMaterial(t *turn, a answers) error {
	meetingID := answersAs[materialAnswers](a).Meeting
	done, err := h.materialIsDone(t, t.sess.Branch, meetingID)
	if errors.Is(err, orglife.ErrNotFound) {
		return h.conclude(t, msgMinutesChanged.In(t.lang))
	}
	if err != nil {
		return err
	}
	if done {
		return h.conclude(t, msgMaterialAlready.In(t.lang))
	}
	err = h.records.MarkMaterialDone(t.ctx, t.sess.Branch, meetingID, t.userID)
	switch {
	case errors.Is(err, orglife.ErrNotFound):
		return h.conclude(t, msgMinutesChanged.In(t.lang))
	case errors.Is(err, state.ErrNotMember):
		return h.conclude(t, msgNotInBranch.In(t.lang))
	case err != nil:
		return err
	}
	return h.conclude(t, msgMaterialDone.In(t.lang))
}
