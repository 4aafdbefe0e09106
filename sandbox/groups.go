package sandbox

import (
	"net/http"
	"slices"
	"sort"
	"strconv"

	"orglife/bot/telegramtest"
)

// firstGroupID is the id of the first group made in the page; the next ones count down.
const firstGroupID = -1001

func (s *sandbox) groupRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/groups", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.groupList()) })
	mux.HandleFunc("POST /api/groups", s.postGroup)
	mux.HandleFunc("GET /api/groups/{id}/messages", s.withGroup(s.getGroupMessages))
	mux.HandleFunc("POST /api/groups/{id}/send", s.withGroup(s.postGroupSend))
	mux.HandleFunc("POST /api/groups/{id}/click", s.withGroup(s.postGroupClick))
	mux.HandleFunc("GET /api/groups/{id}/commands", s.withGroup(s.getGroupCommands))
}

func (s *sandbox) groupList() []groupEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]groupEntry, 0, len(s.groups))
	for _, g := range s.groups {
		out = append(out, groupEntry{ID: g.ID, Title: g.Title, Members: slices.Clone(g.Members)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out
}

// postGroup makes a group chat of some of the users with the bot in it.
func (s *sandbox) postGroup(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title   string  `json:"title"`
		Members []int64 `json:"members"`
	}
	const want = `want {"title": non-empty, "members": [user ids the page lists]}`
	if !readJSON(w, r, &in, want) {
		return
	}
	g, ok := s.addGroup(in.Title, in.Members)
	if !ok {
		writeError(w, http.StatusBadRequest, want)
		return
	}
	s.fake.NewGroup(g.ID, g.Title)
	writeJSON(w, http.StatusOK, g)
}

// addGroup lists a new group, if the title is set and every member is a listed user.
func (s *sandbox) addGroup(title string, members []int64) (groupEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if title == "" || len(members) == 0 {
		return groupEntry{}, false
	}
	for _, id := range members {
		if _, ok := s.users[id]; !ok {
			return groupEntry{}, false
		}
	}
	id := int64(firstGroupID)
	for s.groups[id] != nil {
		id--
	}
	members = slices.Clone(members)
	slices.Sort(members)
	g := &groupEntry{ID: id, Title: title, Members: slices.Compact(members)}
	s.groups[id] = g
	return *g, true
}

// groupCall is a request in a group: the group, and its member who acts when the request
// names one ("user" in the body or the query).
type groupCall struct {
	group  *telegramtest.Group
	entry  groupEntry
	w      http.ResponseWriter
	r      *http.Request
	member func(id int64) (*telegramtest.User, bool)
}

func (s *sandbox) withGroup(h func(groupCall)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		s.mu.Lock()
		e, listed := s.groups[id]
		var entry groupEntry
		if listed {
			entry = groupEntry{ID: e.ID, Title: e.Title, Members: slices.Clone(e.Members)}
		}
		s.mu.Unlock()
		g, ok := s.fake.Group(id)
		if err != nil || !ok || !listed {
			writeError(w, http.StatusNotFound, "no such group; POST /api/groups first")
			return
		}
		member := func(uid int64) (*telegramtest.User, bool) {
			if !slices.Contains(entry.Members, uid) {
				return nil, false
			}
			return s.knownUser(uid)
		}
		h(groupCall{group: g, entry: entry, w: w, r: r, member: member})
	}
}

// getGroupMessages shows the group in the zone of its first member's branch.
func (s *sandbox) getGroupMessages(c groupCall) {
	loc := s.cfg.Location
	if len(c.entry.Members) > 0 {
		loc = s.zoneOf(c.r.Context(), c.entry.Members[0])
	}
	writeJSON(c.w, http.StatusOK, s.chatItems(c.group.Messages(), loc))
}

func (s *sandbox) postGroupSend(c groupCall) {
	var in struct {
		User int64  `json:"user"`
		Text string `json:"text"`
	}
	const want = `want {"user": a member's id, "text": non-empty}`
	if !readJSON(c.w, c.r, &in, want) {
		return
	}
	u, ok := c.member(in.User)
	if !ok || in.Text == "" {
		writeError(c.w, http.StatusBadRequest, want)
		return
	}
	writeJSON(c.w, http.StatusOK, map[string]int{"update_id": u.SendIn(c.group, in.Text)})
}

func (s *sandbox) postGroupClick(c groupCall) {
	var in struct {
		User      int64  `json:"user"`
		MessageID int    `json:"message_id"`
		Data      string `json:"data"`
	}
	const want = `want {"user": a member's id, "message_id": n, "data": callback data}`
	if !readJSON(c.w, c.r, &in, want) {
		return
	}
	u, ok := c.member(in.User)
	if !ok || in.MessageID == 0 || in.Data == "" {
		writeError(c.w, http.StatusBadRequest, want)
		return
	}
	id, err := u.ClickDataIn(c.group, in.MessageID, in.Data)
	if err != nil {
		writeError(c.w, http.StatusNotFound, err.Error())
		return
	}
	writeJSON(c.w, http.StatusOK, map[string]string{"callback_query_id": id})
}

// getGroupCommands is the "/" menu a member (?user=) sees in the group.
func (s *sandbox) getGroupCommands(c groupCall) {
	uid, err := strconv.ParseInt(c.r.URL.Query().Get("user"), 10, 64)
	if _, ok := c.member(uid); err != nil || !ok {
		writeError(c.w, http.StatusBadRequest, "want ?user= a member's id")
		return
	}
	writeJSON(c.w, http.StatusOK, s.fake.Menu(c.entry.ID, uid))
}
