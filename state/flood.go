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

// floodLua counts an update in a minute's key and keeps the key floodKeep. The key holds
// the minute's update ids, and an update's count is its place among them (update ids grow
// with arrival): an update counted twice (read ahead with its queueing and again after it
// waited behind others, or handled again after a crash) counts once and has the same place.
var floodLua = redis.NewScript(`
redis.call('ZADD', KEYS[1], 'NX', ARGV[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return redis.call('ZRANK', KEYS[1], ARGV[1]) + 1`)

// Flood counts update updateID of userID in the minute of now and returns its place among
// the minute's updates of the user: 1 for the first. An Ahead does the same with reads.
func (f *FloodCounter) Flood(ctx context.Context, userID int64, updateID int, now time.Time) (int64, error) {
	n, err := floodLua.Run(ctx, f.rdb, []string{f.keys.Flood(userID, now.Unix()/60)}, updateID, int(floodKeep.Seconds())).Int64()
	if err != nil {
		return 0, fmt.Errorf("count updates of user %d: %w", userID, err)
	}
	return n, nil
}
