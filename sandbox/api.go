package sandbox

import (
	"embed"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"time"

	"orglife/bot/telegramtest"
)

//go:embed web
var webFiles embed.FS

func (s *sandbox) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(webFiles, "web")
	mux.Handle("GET /", http.FileServerFS(static))
	mux.HandleFunc("GET /api/users", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.userList()) })
	mux.HandleFunc("POST /api/users", s.postUser)
	mux.HandleFunc("POST /api/users/{id}/send", s.withUser(s.postSend))
	mux.HandleFunc("POST /api/users/{id}/click", s.withUser(s.postClick))
	mux.HandleFunc("GET /api/users/{id}/messages", s.withUser(s.getMessages))
	mux.HandleFunc("GET /api/clock", s.getClock)
	mux.HandleFunc("POST /api/clock", s.postClock)
	mux.HandleFunc("GET /api/files/{file_id}", s.getFile)
	return mux
}

func (s *sandbox) postUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.ID <= 0 || in.Name == "" {
		writeError(w, http.StatusBadRequest, `want {"id": positive number, "name": non-empty}`)
		return
	}
	s.addUser(in.ID, in.Name)
	writeJSON(w, http.StatusOK, userEntry{ID: in.ID, Name: in.Name})
}

func (s *sandbox) withUser(h func(http.ResponseWriter, *http.Request, *telegramtest.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		s.mu.Lock()
		_, known := s.users[id]
		s.mu.Unlock()
		u, ok := s.fake.User(id)
		if err != nil || !ok || !known {
			writeError(w, http.StatusNotFound, "no such user; POST /api/users first")
			return
		}
		h(w, r, u)
	}
}

func (s *sandbox) postSend(w http.ResponseWriter, r *http.Request, u *telegramtest.User) {
	var in struct {
		Text string `json:"text"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Text == "" {
		writeError(w, http.StatusBadRequest, `want {"text": non-empty}`)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"update_id": s.send(u, in.Text)})
}

func (s *sandbox) postClick(w http.ResponseWriter, r *http.Request, u *telegramtest.User) {
	var in struct {
		Text      string `json:"text"`
		MessageID int    `json:"message_id"`
		Data      string `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || (in.Text == "" && (in.MessageID == 0 || in.Data == "")) {
		writeError(w, http.StatusBadRequest, `want {"text": button text} or {"message_id": n, "data": callback data}`)
		return
	}
	var id string
	var err error
	if in.MessageID != 0 {
		id, err = u.ClickData(in.MessageID, in.Data)
	} else {
		id, err = u.Click(in.Text)
	}
	if err != nil {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"callback_query_id": id})
}

// chatItem is one bubble of the chat: a bot message as it is now, or what the user typed.
type chatItem struct {
	From string    `json:"from"` // "bot" or "user"
	Date time.Time `json:"date"`
	telegramtest.Message
	// DocumentURL downloads a document the bot sent.
	DocumentURL string `json:"document_url,omitempty"`
}

func (s *sandbox) getMessages(w http.ResponseWriter, _ *http.Request, u *telegramtest.User) {
	var items []chatItem
	for _, m := range u.Replies() {
		if m.Deleted {
			continue
		}
		it := chatItem{From: "bot", Date: m.Date, Message: m}
		if m.Document != nil {
			d := *m.Document
			d.Bytes = nil
			it.Document = &d
			it.DocumentURL = "/api/files/" + d.ID
		}
		if m.Photo != nil {
			p := *m.Photo
			p.Bytes = nil
			it.Photo = &p
		}
		items = append(items, it)
	}
	s.mu.Lock()
	for _, t := range s.users[u.ID()].sent {
		items = append(items, chatItem{From: "user", Date: t.At, Message: telegramtest.Message{Kind: "text", Text: t.Text, ChatID: u.ID()}})
	}
	s.mu.Unlock()
	sort.SliceStable(items, func(i, j int) bool { return items[i].Date.Before(items[j].Date) })
	if items == nil {
		items = []chatItem{}
	}
	writeJSON(w, http.StatusOK, items)
}

type clockView struct {
	Now          time.Time  `json:"now"`
	Offset       string     `json:"offset"`
	NextReminder *time.Time `json:"next_reminder,omitempty"`
}

func (s *sandbox) clockView(r *http.Request) clockView {
	v := clockView{Now: s.clock.Now().In(s.cfg.Location), Offset: s.clock.Offset().String()}
	if at, ok, err := s.remind.NextDue(r.Context()); err == nil && ok {
		at = at.In(s.cfg.Location)
		v.NextReminder = &at
	}
	return v
}

func (s *sandbox) getClock(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.clockView(r))
}

func (s *sandbox) postClock(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Advance string `json:"advance"`
		To      string `json:"to"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || (in.Advance == "") == (in.To == "") {
		writeError(w, http.StatusBadRequest, `want {"advance": "24h"} or {"to": "next"}`)
		return
	}
	if in.Advance != "" {
		d, err := time.ParseDuration(in.Advance)
		if err != nil || d <= 0 {
			writeError(w, http.StatusBadRequest, `"advance" must be a positive Go duration such as "1h" or "24h"`)
			return
		}
		s.clock.Advance(d)
	} else {
		if in.To != "next" {
			writeError(w, http.StatusBadRequest, `"to" must be "next"`)
			return
		}
		_, ok, err := s.nextReminder(r.Context())
		if err != nil {
			writeError(w, http.StatusInternalServerError, err.Error())
			return
		}
		if !ok {
			writeError(w, http.StatusConflict, "no reminder is planned")
			return
		}
	}
	writeJSON(w, http.StatusOK, s.clockView(r))
}

func (s *sandbox) getFile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("file_id")
	for _, u := range s.userList() {
		tu, ok := s.fake.User(u.ID)
		if !ok {
			continue
		}
		for _, m := range tu.Replies() {
			for _, f := range []*telegramtest.File{m.Document, m.Photo} {
				if f == nil || f.ID != id {
					continue
				}
				ct := f.MimeType
				if ct == "" {
					ct = mime.TypeByExtension(path.Ext(f.Name))
				}
				if ct == "" {
					ct = "application/octet-stream"
				}
				w.Header().Set("Content-Type", ct)
				if f.Name != "" {
					w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
				}
				w.Write(f.Bytes)
				return
			}
		}
	}
	writeError(w, http.StatusNotFound, "no such file")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
