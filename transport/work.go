package transport

import "orglife/state"

// Work is one update's unit of work, made by the pipeline and handed to the handler with
// the update — explicitly, never inside the context:
//   - Ahead is what was read ahead for it in the round trip that queued it (see
//     state.Ahead), nil when it waited behind another update of its chat; the handler
//     counts it for the flood limit and puts the values in State (Ahead.Attach);
//   - State is the store's side of the work: the values read ahead, and the session
//     writes held back until the update's ack, which applies them in the same round trip.
//
// Send slots taken at once for several messages are the third part of an update's work;
// they are a value of their own (Slots, from Sender.Prepare), handed to the sends they are
// for.
type Work struct {
	Ahead *state.Ahead
	State *state.Unit
}
