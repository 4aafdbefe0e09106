package state

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// FloodCounter counts each user's updates per minute, shared by every instance.
type FloodCounter struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewFloodCounter returns a counter over rdb.
func NewFloodCounter(rdb redis.UniversalClient, keys Keys) *FloodCounter {
	return &FloodCounter{rdb: rdb, keys: keys}
}

// floodKeep is how long a minute's count outlives its minute.
const floodKeep = 2 * time.Minute

// floodLua counts one update in a minute's key and keeps the key floodKeep: INCR and
// EXPIRE as one command, so that Preload can share a pipeline with reads.
var floodLua = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return n`)

// Flood counts one more update of userID in the minute of now and returns the minute's
// count so far, this one included. Preload does the same with reads ahead.
func (f *FloodCounter) Flood(ctx context.Context, userID int64, now time.Time) (int64, error) {
	n, err := floodLua.Run(ctx, f.rdb, []string{f.keys.Flood(userID, now.Unix()/60)}, int(floodKeep.Seconds())).Int64()
	if err != nil {
		return 0, fmt.Errorf("count updates of user %d: %w", userID, err)
	}
	return n, nil
}
