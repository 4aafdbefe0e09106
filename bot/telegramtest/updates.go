package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// maxUpdatesLimit is getUpdates' largest limit.
const maxUpdatesLimit = 100

// queuedUpdate is one update, as JSON, waiting to be confirmed or delivered.
type queuedUpdate struct {
	id   int
	kind string // "message", "callback_query", ...
	raw  json.RawMessage
	// forced marks a redelivered update: it is returned once whatever the offset.
	forced bool
}

// updateQueue is the bot's update queue. Guarded by Server.mu.
type updateQueue struct {
	pending []*queuedUpdate
	history map[int]*queuedUpdate
	nextID  int
	// allowed is the allowed_updates setting; nil is Telegram's default.
	allowed map[string]bool
}

func newUpdateQueue() updateQueue {
	return updateQueue{history: map[int]*queuedUpdate{}, nextID: 1}
}

// allows applies allowed_updates; by default Telegram sends every kind but
// chat_member and reactions.
func (q *updateQueue) allows(kind string) bool {
	if q.allowed != nil {
		return q.allowed[kind]
	}
	switch kind {
	case "chat_member", "message_reaction", "message_reaction_count":
		return false
	}
	return true
}

// setAllowed applies an allowed_updates parameter: absent keeps the previous
// setting, an empty list restores the default.
func (q *updateQueue) setAllowed(param string) {
	if param == "" {
		return
	}
	var kinds []string
	json.Unmarshal([]byte(param), &kinds) // the spec check has validated the JSON
	if len(kinds) == 0 {
		q.allowed = nil
		return
	}
	q.allowed = map[string]bool{}
	for _, k := range kinds {
		q.allowed[k] = true
	}
}

func (q *updateQueue) allowedList() []string {
	var kinds []string
	for k := range q.allowed {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// confirm applies getUpdates' offset: a positive offset forgets every update
// below it; a negative one keeps only the last -offset updates.
func (q *updateQueue) confirm(offset int) {
	switch {
	case offset > 0:
		kept := q.pending[:0]
		for _, u := range q.pending {
			if u.id >= offset || u.forced {
				kept = append(kept, u)
			}
		}
		q.pending = kept
	case offset < 0 && -offset < len(q.pending):
		q.pending = q.pending[len(q.pending)+offset:]
	}
}

// batch returns up to limit updates from offset on, without removing them:
// they stay until a later offset confirms them.
func (q *updateQueue) batch(offset, limit int) []json.RawMessage {
	out := []json.RawMessage{}
	for _, u := range q.pending {
		if len(out) == limit {
			break
		}
		if u.id >= offset || u.forced {
			u.forced = false
			out = append(out, u.raw)
		}
	}
	return out
}

// enqueueLocked adds an update of kind with payload and returns its
// update_id, or 0 when allowed_updates filters it out.
func (s *Server) enqueueLocked(kind string, payload any) int {
	if !s.updates.allows(kind) {
		return 0
	}
	id := s.updates.nextID
	s.updates.nextID++
	raw, err := json.Marshal(map[string]any{"update_id": id, kind: payload})
	if err != nil {
		panic(fmt.Sprintf("telegramtest: encoding a %s update: %v", kind, err)) // our own types always encode
	}
	s.pushLocked(&queuedUpdate{id: id, kind: kind, raw: raw})
	return id
}

func (s *Server) pushLocked(u *queuedUpdate) {
	s.updates.history[u.id] = u
	s.updates.pending = append(s.updates.pending, u)
	s.notifyLocked()
}

// InjectUpdate enqueues an arbitrary update, such as a kind the client does not
// know. raw is an Update object; its update_id is replaced by the next one,
// which is returned. allowed_updates does not apply.
func (s *Server) InjectUpdate(raw json.RawMessage) (int, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return 0, fmt.Errorf("telegramtest: InjectUpdate: %w", err)
	}
	delete(fields, "update_id")
	if len(fields) != 1 {
		return 0, fmt.Errorf("telegramtest: InjectUpdate: an update has exactly one field besides update_id, got %d", len(fields))
	}
	var kind string
	for k := range fields {
		kind = k
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.updates.nextID
	s.updates.nextID++
	fields["update_id"] = json.RawMessage(fmt.Sprint(id))
	encoded, err := json.Marshal(fields)
	if err != nil {
		return 0, fmt.Errorf("telegramtest: InjectUpdate: %w", err)
	}
	s.pushLocked(&queuedUpdate{id: id, kind: kind, raw: encoded})
	return id, nil
}

// Redeliver puts an update back in the queue with the same update_id, as
// Telegram does when it is not sure the bot got it; the next getUpdates
// returns it whatever its offset, and a webhook gets it again.
func (s *Server) Redeliver(updateID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.updates.history[updateID]
	if u == nil {
		return fmt.Errorf("telegramtest: no update %d", updateID)
	}
	again := *u
	again.forced = true
	s.pushLocked(&again)
	return nil
}

// PendingUpdates is the number of updates not yet confirmed or delivered.
func (s *Server) PendingUpdates() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates.pending)
}

// pollState is a getUpdates request in progress.
type pollState struct {
	terminated chan struct{} // closed when a newer getUpdates takes over
}

func conflictOtherPoll() *apiError {
	return conflict("terminated by other getUpdates request; make sure that only one bot instance is running")
}

func conflictWebhook() *apiError {
	return conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
}

// getUpdates implements Telegram's semantics: offset confirms, limit caps,
// timeout long-polls, and a newer request terminates an older one with 409.
func (s *Server) getUpdates(ctx context.Context, req *apiRequest) (any, *apiError) {
	offset := req.intParam("offset", 0)
	limit := min(max(req.intParam("limit", maxUpdatesLimit), 1), maxUpdatesLimit)
	deadline := time.Now().Add(time.Duration(max(req.intParam("timeout", 0), 0)) * time.Second)

	s.mu.Lock()
	if s.webhook != nil {
		s.mu.Unlock()
		return nil, conflictWebhook()
	}
	s.updates.setAllowed(req.get("allowed_updates"))
	s.updates.confirm(offset)
	if offset < 0 {
		offset = 0 // the older updates are forgotten now
	}
	me := &pollState{terminated: make(chan struct{})}
	if s.poll != nil {
		close(s.poll.terminated)
	}
	s.poll = me
	s.notifyLocked()
	s.mu.Unlock()
	defer s.endPoll(me)
	return s.longPoll(ctx, me, offset, limit, deadline)
}

func (s *Server) longPoll(ctx context.Context, me *pollState, offset, limit int, deadline time.Time) (any, *apiError) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	for {
		s.mu.Lock()
		if s.webhook != nil {
			s.mu.Unlock()
			return nil, conflictWebhook()
		}
		batch := s.updates.batch(offset, limit)
		changed := s.changed
		s.mu.Unlock()
		if len(batch) > 0 || !time.Now().Before(deadline) {
			return batch, nil
		}
		select {
		case <-changed:
		case <-timer.C:
		case <-me.terminated:
			return nil, conflictOtherPoll()
		case <-ctx.Done():
			return nil, &apiError{} // the client is gone
		case <-s.done:
			return []json.RawMessage{}, nil
		}
	}
}

func (s *Server) endPoll(me *pollState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.poll == me {
		s.poll = nil
		s.notifyLocked()
	}
}
