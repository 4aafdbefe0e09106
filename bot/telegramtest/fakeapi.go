package telegramtest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// fakeRoutes registers the JSON control API under /fake/ (see the package doc).
func (s *Server) fakeRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /fake/users", s.fakeNewUser)
	mux.HandleFunc("POST /fake/users/{id}/send", s.withUser(s.fakeSend))
	mux.HandleFunc("POST /fake/users/{id}/click", s.withUser(s.fakeClick))
	mux.HandleFunc("GET /fake/users/{id}/messages", s.withUser(s.fakeMessages))
	mux.HandleFunc("GET /fake/calls", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.Calls()) })
	mux.HandleFunc("GET /fake/violations", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Violations())
	})
}

type fakeUserRequest struct {
	ID           int64  `json:"id"`
	FirstName    string `json:"first_name"`
	Username     string `json:"username"`
	LanguageCode string `json:"language_code"`
}

type fakeTextRequest struct {
	Text string `json:"text"`
}

func (s *Server) fakeNewUser(w http.ResponseWriter, r *http.Request) {
	var in fakeUserRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.ID <= 0 || in.FirstName == "" {
		writeError(w, http.StatusBadRequest, "want {\"id\": positive, \"first_name\": non-empty, \"username\", \"language_code\"}")
		return
	}
	u := s.NewUser(in.ID, in.FirstName)
	if in.Username != "" {
		u.SetUsername(in.Username)
	}
	if in.LanguageCode != "" {
		u.SetLanguageCode(in.LanguageCode)
	}
	writeJSON(w, http.StatusOK, in)
}

// withUser resolves {id} to a user made earlier, or answers 404.
func (s *Server) withUser(h func(http.ResponseWriter, *http.Request, *User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		u, ok := s.User(id)
		if err != nil || !ok {
			writeError(w, http.StatusNotFound, "no such user; POST /fake/users first")
			return
		}
		h(w, r, u)
	}
}

func (s *Server) fakeSend(w http.ResponseWriter, r *http.Request, u *User) {
	in, ok := readText(w, r)
	if ok {
		writeJSON(w, http.StatusOK, map[string]int{"update_id": u.Send(in.Text)})
	}
}

func (s *Server) fakeClick(w http.ResponseWriter, r *http.Request, u *User) {
	in, ok := readText(w, r)
	if !ok {
		return
	}
	id, err := u.Click(in.Text)
	if err != nil {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"callback_query_id": id})
}

func (s *Server) fakeMessages(w http.ResponseWriter, _ *http.Request, u *User) {
	writeJSON(w, http.StatusOK, u.Replies())
}

func readText(w http.ResponseWriter, r *http.Request) (fakeTextRequest, bool) {
	var in fakeTextRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Text == "" {
		writeError(w, http.StatusBadRequest, "want {\"text\": non-empty}")
		return in, false
	}
	return in, true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// now is the time messages and updates are dated with (Options.Clock).
func (s *Server) now() time.Time { return s.opts.Clock() }
