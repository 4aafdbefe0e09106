package orglife

import (
	"testing"
	"time"
)

func TestBranchLocation(t *testing.T) {
	def := time.UTC
	tests := []struct {
		zone string
		want string
	}{
		{"", "UTC"},
		{"Asia/Shanghai", "Asia/Shanghai"},
		{"Europe/Berlin", "Europe/Berlin"},
		{"Mars/Base", "UTC"},
	}
	for _, tt := range tests {
		if got := (Branch{Timezone: tt.zone}).Location(def).String(); got != tt.want {
			t.Errorf("zone %q: %s, want %s", tt.zone, got, tt.want)
		}
	}
}
