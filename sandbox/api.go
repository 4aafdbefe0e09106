package sandbox

import (
	"embed"
	"encoding/json"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"orglife/bot/telegramtest"
)

//go:embed web
var webFiles embed.FS

// maxUpload bounds a file sent from the page: Telegram's 50 MB for bots' files, and a little
// for the form around it.
const maxUpload = 50<<20 + 1<<20

// startPayload is what a deep link may carry after ?start= (Telegram's rule).
var startPayload = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (s *sandbox) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(webFiles, "web")
	mux.Handle("GET /", http.FileServerFS(static))
	mux.HandleFunc("GET /api/bot", s.getBot)
	mux.HandleFunc("GET /api/users", func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, http.StatusOK, s.userList()) })
	mux.HandleFunc("POST /api/users", s.postUser)
	mux.HandleFunc("POST /api/join", s.postJoin)
	mux.HandleFunc("POST /api/users/{id}/send", s.withUser(s.postSend))
	mux.HandleFunc("POST /api/users/{id}/file", s.withUser(s.postFile))
	mux.HandleFunc("POST /api/users/{id}/click", s.withUser(s.postClick))
	mux.HandleFunc("GET /api/users/{id}/messages", s.withUser(s.getMessages))
	mux.HandleFunc("GET /api/users/{id}/answers", s.withUser(s.getAnswers))
	mux.HandleFunc("GET /api/users/{id}/commands", s.withUser(s.getCommands))
	s.groupRoutes(mux)
	mux.HandleFunc("GET /api/clock", s.getClock)
	mux.HandleFunc("POST /api/clock", s.postClock)
	mux.HandleFunc("GET /api/files/{file_id}", s.getFile)
	return mux
}

func (s *sandbox) getBot(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"username": s.fake.BotUsername()})
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

// postJoin is a click on a t.me/<bot>?start=<payload> link by someone new: a user with the
// next free id sends /start <payload>, as Telegram does when a link is opened.
func (s *sandbox) postJoin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Payload string `json:"payload"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || !startPayload.MatchString(in.Payload) {
		writeError(w, http.StatusBadRequest, `want {"payload": 1-64 of A-Z a-z 0-9 _ -}`)
		return
	}
	u, e := s.addNewUser()
	u.Send("/start " + in.Payload)
	writeJSON(w, http.StatusOK, e)
}

func (s *sandbox) withUser(h func(http.ResponseWriter, *http.Request, *telegramtest.User)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		u, ok := s.knownUser(id)
		if err != nil || !ok {
			writeError(w, http.StatusNotFound, "no such user; POST /api/users first")
			return
		}
		h(w, r, u)
	}
}

// knownUser is a user the page lists.
func (s *sandbox) knownUser(id int64) (*telegramtest.User, bool) {
	s.mu.Lock()
	_, known := s.users[id]
	s.mu.Unlock()
	u, ok := s.fake.User(id)
	return u, ok && known
}

func (s *sandbox) postSend(w http.ResponseWriter, r *http.Request, u *telegramtest.User) {
	var in struct {
		Text string `json:"text"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Text == "" {
		writeError(w, http.StatusBadRequest, `want {"text": non-empty}`)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"update_id": u.Send(in.Text)})
}

// postFile sends a photo or a file from the user: a multipart form with "file", an optional
// "caption", and "as" = "photo" or "document" (by default a PNG, JPEG or GIF image goes as
// a photo, anything else as a document).
func (s *sandbox) postFile(w http.ResponseWriter, r *http.Request, u *telegramtest.User) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		writeError(w, http.StatusBadRequest, `want a multipart form with "file" (and optionally "caption", "as")`)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		writeError(w, http.StatusBadRequest, "reading the file: "+err.Error())
		return
	}
	var photo bool
	switch as := r.FormValue("as"); as {
	case "photo", "document":
		photo = as == "photo"
	case "":
		photo = isPhotoType(http.DetectContentType(data))
	default:
		writeError(w, http.StatusBadRequest, `"as" must be "photo" or "document"`)
		return
	}
	id, err := u.SendAttachment(telegramtest.Attachment{Photo: photo, Name: path.Base(hdr.Filename), Data: data, Caption: r.FormValue("caption")})
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"update_id": id})
}

// isPhotoType reports whether a file of this type can go as a photo: the images the fake,
// like Telegram, takes as photos.
func isPhotoType(contentType string) bool {
	t, _, _ := mime.ParseMediaType(contentType)
	return t == "image/png" || t == "image/jpeg" || t == "image/gif"
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

func (s *sandbox) getMessages(w http.ResponseWriter, r *http.Request, u *telegramtest.User) {
	loc := s.zoneOf(r.Context(), u.ID())
	writeJSON(w, http.StatusOK, s.chatItems(u.Messages(), loc))
}

// getAnswers lists the user's button presses with the bot's answers (the page shows an
// answer's text as a toast, as Telegram does).
func (s *sandbox) getAnswers(w http.ResponseWriter, _ *http.Request, u *telegramtest.User) {
	writeJSON(w, http.StatusOK, u.CallbackAnswers())
}

// getCommands is the "/" menu of the user's private chat, as the bot set it.
func (s *sandbox) getCommands(w http.ResponseWriter, _ *http.Request, u *telegramtest.User) {
	writeJSON(w, http.StatusOK, s.fake.Menu(u.ID(), u.ID()))
}

type clockView struct {
	Now    time.Time `json:"now"`
	Offset string    `json:"offset"`
	// Zone is the branch's time zone (the first branch of the lowest user id in one), in
	// which Time and NextReminderTime are written.
	Zone             string     `json:"zone"`
	Time             string     `json:"time"`
	NextReminder     *time.Time `json:"next_reminder,omitempty"`
	NextReminderTime string     `json:"next_reminder_time,omitempty"`
}

func (s *sandbox) clockView(r *http.Request) clockView {
	loc := s.headerZone(r.Context())
	now := s.clock.Now().In(loc)
	v := clockView{Now: now, Offset: s.clock.Offset().String(), Zone: loc.String(), Time: longTime(now)}
	if at, ok, err := s.remind.NextDue(r.Context()); err == nil && ok {
		at = at.In(loc)
		v.NextReminder, v.NextReminderTime = &at, longTime(at)
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

// getFile serves a file the fake holds: one the bot sent, or one a user sent.
func (s *sandbox) getFile(w http.ResponseWriter, r *http.Request) {
	f, ok := s.fake.File(r.PathValue("file_id"))
	if !ok {
		writeError(w, http.StatusNotFound, "no such file")
		return
	}
	ct := f.MimeType
	if ct == "" || strings.HasPrefix(ct, "image/") {
		// Telegram calls every photo JPEG; the browser needs the real type to show it.
		ct = http.DetectContentType(f.Bytes)
	}
	w.Header().Set("Content-Type", ct)
	if f.Name != "" && !strings.HasPrefix(ct, "image/") {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	}
	_, _ = w.Write(f.Bytes)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// readJSON decodes the request's body into v, answering 400 with want when it cannot.
func readJSON(w http.ResponseWriter, r *http.Request, v any, want string) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, want)
		return false
	}
	return true
}
