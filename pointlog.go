package orglife

import "time"

// PointChange is one entry of a meeting's point log: who changed which point, when and how.
type PointChange struct {
	PointID string    `json:"point_id"`
	By      int64     `json:"by"`
	At      time.Time `json:"at"`
	Action  string    `json:"action"`           // PointCreate, PointEdit or PointWithdraw
	Before  string    `json:"before,omitempty"` // short summary before the change
	After   string    `json:"after,omitempty"`  // short summary after the change
}

// The actions of a PointChange.
const (
	PointCreate   = "create"
	PointEdit     = "edit"
	PointWithdraw = "withdraw"
)
