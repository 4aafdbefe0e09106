package state

import (
	"context"
	"fmt"

	"orglife"
)

// SaveStudySession creates or replaces a collective study session of meeting s.MeetingID;
// orglife.ErrNotFound when the meeting does not exist.
func (r *Records) SaveStudySession(ctx context.Context, branchID string, s orglife.StudySession) error {
	if !s.Kind.Valid() {
		return fmt.Errorf("save study session %s of meeting %s: unknown kind %q", s.ID, s.MeetingID, s.Kind)
	}
	if err := r.saveEntry(ctx, branchID, s.MeetingID, s.ID, r.keys.MeetingStudySessions, s); err != nil {
		return fmt.Errorf("save study session %s of meeting %s: %w", s.ID, s.MeetingID, err)
	}
	return nil
}

// StudySession loads one collective study session; orglife.ErrNotFound when it does not exist.
func (r *Records) StudySession(ctx context.Context, branchID, meetingID, id string) (orglife.StudySession, error) {
	var s orglife.StudySession
	if err := r.entry(ctx, branchID, meetingID, id, r.keys.MeetingStudySessions, &s); err != nil {
		return orglife.StudySession{}, fmt.Errorf("load study session %s of meeting %s: %w", id, meetingID, err)
	}
	return s, nil
}

// StudySessions lists a meeting's collective study sessions by date, then CreatedAt, then
// id; orglife.ErrNotFound when the meeting does not exist.
func (r *Records) StudySessions(ctx context.Context, branchID, meetingID string) ([]orglife.StudySession, error) {
	ss, err := entries[orglife.StudySession](ctx, r, branchID, meetingID, r.keys.MeetingStudySessions)
	if err != nil {
		return nil, fmt.Errorf("load study sessions of meeting %s: %w", meetingID, err)
	}
	sortStudySessions(ss)
	return ss, nil
}
