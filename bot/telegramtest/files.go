package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/gif"  // photo uploads are decoded to check them, as Telegram does
	_ "image/jpeg" // "
	"image/png"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Telegram's upload limits.
const (
	maxDocumentBytes = 50 << 20
	maxPhotoBytes    = 10 << 20
)

// storedFile is a file the fake holds. Its bytes are never modified.
type storedFile struct {
	id, uniqueID string
	kind         string // "document", "photo" or "sticker"
	name, mime   string
	path         string // file_path for getFile and downloads
	data         []byte
	width        int
	height       int
}

// fileStore holds files by file_id and by download path. Guarded by Server.mu.
type fileStore struct {
	byID   map[string]*storedFile
	byPath map[string]*storedFile
	next   int
}

func newFileStore() fileStore {
	return fileStore{byID: map[string]*storedFile{}, byPath: map[string]*storedFile{}}
}

// add stores a file under new ids shaped like Telegram's (the prefix tells the kind).
func (fs *fileStore) add(f *storedFile) *storedFile {
	fs.next++
	prefix := map[string]string{"document": "BQACAgIAAxkBAA", "photo": "AgACAgIAAxkBAA", "sticker": "CAACAgIAAxkBAA"}[f.kind]
	f.id = fmt.Sprintf("%s%08d_fake", prefix, fs.next)
	f.uniqueID = fmt.Sprintf("AgAD%06d", fs.next)
	f.path = fmt.Sprintf("%ss/file_%d%s", f.kind, fs.next, path.Ext(f.name))
	fs.byID[f.id] = f
	fs.byPath[f.path] = f
	return f
}

func (f *storedFile) public() *File {
	if f == nil {
		return nil
	}
	return &File{ID: f.id, UniqueID: f.uniqueID, Name: f.name, MimeType: f.mime, Size: len(f.data), Bytes: f.data}
}

// attach puts the file into a wire message the way its kind appears in the Bot API.
func (f *storedFile) attach(w *wireMessage, kind string) {
	switch kind {
	case "photo":
		w.Photo = []wirePhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID, Width: f.width, Height: f.height, FileSize: len(f.data)}}
	case "sticker":
		w.Sticker = &wireSticker{FileID: f.id, FileUniqueID: f.uniqueID, Type: "regular", Width: 512, Height: 512, Emoji: "👍", FileSize: len(f.data)}
	default:
		w.Document = &wireDocument{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: len(f.data)}
	}
}

func (s *Server) sendDocument(_ context.Context, req *apiRequest) (any, *apiError) {
	return s.sendFile(req, "document", "document", newDocument)
}

func (s *Server) sendPhoto(_ context.Context, req *apiRequest) (any, *apiError) {
	return s.sendFile(req, "photo", "photo", newPhoto)
}

// sendFile is sendDocument and sendPhoto: the file is either a multipart
// upload or a string naming a file_id the fake holds (or an HTTP URL).
func (s *Server) sendFile(req *apiRequest, field, kind string, fromUpload func(*upload) (*storedFile, *apiError)) (any, *apiError) {
	var uploaded *storedFile
	if up := req.files[field]; up != nil {
		var err *apiError
		if uploaded, err = fromUpload(up); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	chat, m, err := s.newBotMessageLocked(req, kind)
	if err != nil {
		return nil, err
	}
	if err := m.setBody(req, "caption", "caption_entities", messageCaption()); err != nil {
		return nil, err
	}
	if m.file, err = s.fileForSendLocked(req.get(field), kind, uploaded); err != nil {
		return nil, err
	}
	return wireResult(s.deliverLocked(chat, m))
}

func (s *Server) fileForSendLocked(ref, kind string, uploaded *storedFile) (*storedFile, *apiError) {
	if uploaded != nil {
		return s.files.add(uploaded), nil
	}
	if f := s.files.byID[ref]; f != nil {
		if f.kind != kind {
			return nil, badRequest(fmt.Sprintf("can't use file of type %s as %s", title(f.kind), title(kind)))
		}
		return f, nil
	}
	if u, err := url.Parse(ref); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		// Telegram would download the URL; the fake keeps a name without content.
		return s.files.add(&storedFile{kind: kind, name: path.Base(u.Path), mime: mimeType(path.Base(u.Path), nil)}), nil
	}
	return nil, badRequest("wrong file identifier/HTTP URL specified")
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func newDocument(up *upload) (*storedFile, *apiError) {
	switch {
	case len(up.data) == 0:
		return nil, badRequest("file must be non-empty")
	case len(up.data) > maxDocumentBytes:
		return nil, &apiError{status: http.StatusRequestEntityTooLarge, description: "Request Entity Too Large"}
	}
	return &storedFile{kind: "document", name: up.name, mime: mimeType(up.name, up), data: up.data}, nil
}

func newPhoto(up *upload) (*storedFile, *apiError) {
	if len(up.data) > maxPhotoBytes {
		return nil, badRequest("file is too big")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(up.data))
	if err != nil {
		return nil, badRequest("IMAGE_PROCESS_FAILED")
	}
	return &storedFile{kind: "photo", name: up.name, mime: "image/jpeg", data: up.data, width: cfg.Width, height: cfg.Height}, nil
}

// mimeType guesses a type from the file name first, as Telegram does, then
// from the content; tgbotapi always uploads as application/octet-stream.
func mimeType(name string, up *upload) string {
	ext := strings.ToLower(path.Ext(name))
	switch ext {
	case ".csv":
		return "text/csv"
	case ".txt":
		return "text/plain"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".zip":
		return "application/zip"
	case ".ics":
		return "text/calendar"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		t, _, _ = strings.Cut(t, ";")
		return t
	}
	if up == nil {
		return "application/octet-stream"
	}
	if up.contentType != "" && up.contentType != "application/octet-stream" {
		return up.contentType
	}
	t, _, _ := strings.Cut(http.DetectContentType(up.data), ";")
	return t
}

func (s *Server) getFile(_ context.Context, req *apiRequest) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files.byID[req.get("file_id")]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	return wireFile{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: len(f.data), FilePath: f.path}, nil
}

// serveFile answers downloads at /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	token, filePath, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/file/bot"), "/")
	if !ok || token != s.token {
		errorResponse(unauthorized()).write(w)
		return
	}
	s.mu.Lock()
	f := s.files.byPath[filePath]
	s.mu.Unlock()
	if f == nil {
		errorResponse(notFound()).write(w)
		return
	}
	w.Header().Set("Content-Type", f.mime)
	w.Write(f.data)
}

// storeUserFile keeps a file a user sends.
func (s *Server) storeUserFile(kind, name string, data []byte) *storedFile {
	f := &storedFile{kind: kind, name: name, data: data, mime: mimeType(name, &upload{name: name, data: data})}
	if kind == "photo" {
		f.width, f.height = 1, 1
	}
	return s.storeFile(f)
}

// storeFile keeps f under new ids.
func (s *Server) storeFile(f *storedFile) *storedFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.files.add(f)
}

// File returns a file the fake holds, one a user sent or the bot uploaded, with its bytes.
func (s *Server) File(fileID string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files.byID[fileID]
	if f == nil {
		return File{}, false
	}
	return *f.public(), true
}

// tinyPNG is a valid 1×1 image for photos users send.
func tinyPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.RGBA{R: 200, G: 30, B: 30, A: 255})
	var buf bytes.Buffer
	png.Encode(&buf, img) // writing to memory cannot fail
	return buf.Bytes()
}

// stickerBytes stands in for a WebP sticker: a RIFF/WEBP header is enough for
// anything that sniffs the type.
func stickerBytes() []byte {
	return []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
}
