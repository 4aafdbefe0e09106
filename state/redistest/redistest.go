// Package redistest runs a throwaway real redis-server for one test, in its own temp dir
// and port, so state code is tested against Redis itself, including kills and restarts.
package redistest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

const (
	readyTimeout   = 10 * time.Second // a cold redis-server answers in milliseconds; this is generous for loaded CI
	exitTimeout    = 10 * time.Second // SHUTDOWN with AOF fsync should take far less
	rebindTimeout  = 5 * time.Second  // how long Restart retries a port still held by the old socket
	freshPortTries = 5                // new ports tried when another process grabs the picked one first
	logTailBytes   = 2048
)

// Option changes how the server is configured.
type Option func(*settings)

type settings struct {
	appendonly bool
	fsync      string
	cluster    bool
}

// WithAOF turns on the append-only file with fsync every second, as in production.
func WithAOF() Option {
	return func(s *settings) { s.appendonly, s.fsync = true, "everysec" }
}

// WithAOFAlways turns on the append-only file with fsync after every write, so a Kill
// loses nothing that was acknowledged; use it to test crash recovery deterministically.
func WithAOFAlways() Option {
	return func(s *settings) { s.appendonly, s.fsync = true, "always" }
}

// WithCluster runs the server as a one-node Redis Cluster holding every slot, so that code
// is tested as a cluster runs it: through a cluster client, with every script and
// transaction refused (CROSSSLOT) unless its keys share a slot. Use ClusterClient or
// ClusterURL to reach it.
func WithCluster() Option {
	return func(s *settings) { s.cluster = true }
}

// Server is one redis-server process bound to 127.0.0.1; it can be stopped, killed and
// started again on the same port and data directory.
type Server struct {
	tb      testing.TB
	bin     string
	dir     string
	logPath string
	set     settings

	mu   sync.Mutex
	port int
	proc *process // nil when not running
}

// process is one run of redis-server; done closes when it has exited.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}
}

// Start runs a new redis-server for tb and registers its cleanup. Without options it keeps
// no data on disk (--save "" --appendonly no).
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		tb.Fatalf("redistest: redis-server not found in PATH; install it (apt-get install redis-server, brew install redis): %v", err)
	}
	s := &Server{tb: tb, bin: bin, dir: tb.TempDir(), set: settings{fsync: "everysec"}}
	for _, opt := range opts {
		opt(&s.set)
	}
	s.logPath = filepath.Join(s.dir, "redis.log")
	tb.Cleanup(s.cleanup)
	s.startFresh()
	if s.set.cluster {
		s.claimAllSlots()
	}
	return s
}

// claimAllSlots gives the one node every slot and waits until the cluster says it is ok.
func (s *Server) claimAllSlots() {
	s.tb.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr()})
	defer c.Close()
	ctx := context.Background()
	if err := c.Do(ctx, "CLUSTER", "ADDSLOTSRANGE", 0, 16383).Err(); err != nil {
		s.tb.Fatalf("redistest: claim cluster slots: %v", err)
	}
	deadline := time.Now().Add(readyTimeout)
	for {
		info, err := c.ClusterInfo(ctx).Result()
		if err == nil && strings.Contains(info, "cluster_state:ok") {
			return
		}
		if time.Now().After(deadline) {
			s.tb.Fatalf("redistest: cluster not ok after %s: %v %s", readyTimeout, err, info)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ClusterClient returns a cluster client for a server started WithCluster, closed when tb ends.
func (s *Server) ClusterClient(tb testing.TB) *redis.ClusterClient {
	tb.Helper()
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{s.Addr()}})
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

// ClusterURL is the redis+cluster:// URL of a server started WithCluster.
func (s *Server) ClusterURL() string { return "redis+cluster://" + s.Addr() }

// startFresh picks a free port; if another process binds it between our probe and
// redis-server's bind, it picks another.
func (s *Server) startFresh() {
	s.tb.Helper()
	var err error
	for range freshPortTries {
		var port int
		if port, err = freePort(); err != nil {
			s.tb.Fatalf("redistest: pick a port: %v", err)
		}
		s.mu.Lock()
		s.port = port
		s.mu.Unlock()
		if err = s.launch(); !errors.Is(err, errAddrInUse) {
			break
		}
	}
	if err != nil {
		s.tb.Fatalf("redistest: start redis-server: %v\n%s", err, s.logTail())
	}
}

// Start starts a stopped server again on the same port and directory, so AOF data returns.
func (s *Server) Start() {
	s.tb.Helper()
	if s.Running() {
		s.tb.Fatalf("redistest: Start on a running server (%s)", s.Addr())
	}
	// The old listening socket may linger briefly; retry the same port rather than move,
	// because clients already point at it.
	deadline := time.Now().Add(rebindTimeout)
	for {
		err := s.launch()
		if err == nil {
			return
		}
		if !errors.Is(err, errAddrInUse) || time.Now().After(deadline) {
			s.tb.Fatalf("redistest: restart redis-server on %s: %v\n%s", s.Addr(), err, s.logTail())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Restart stops the server gracefully and starts it again.
func (s *Server) Restart() {
	s.tb.Helper()
	s.Stop()
	s.Start()
}

// Stop shuts the server down gracefully: SIGTERM, which redis-server handles exactly as
// SHUTDOWN, so the AOF is flushed (and nothing is saved with the default config).
func (s *Server) Stop() {
	s.tb.Helper()
	s.signalAndWait(syscall.SIGTERM)
}

// Kill ends the server with SIGKILL, as a crash or OOM kill would: nothing is flushed.
func (s *Server) Kill() {
	s.tb.Helper()
	s.signalAndWait(syscall.SIGKILL)
}

// Running reports whether the redis-server process is alive.
func (s *Server) Running() bool {
	s.mu.Lock()
	p := s.proc
	s.mu.Unlock()
	if p == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// Addr is host:port for redis.Options.Addr.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
}

// URL is the redis:// URL of database 0, as REDIS_URL takes it.
func (s *Server) URL() string {
	return "redis://" + s.Addr() + "/0"
}

// Dir is the server's working directory (AOF, log).
func (s *Server) Dir() string { return s.dir }

// Client returns a client for the server, closed when tb ends. It survives restarts:
// go-redis reconnects on the next command.
func (s *Server) Client(tb testing.TB) *redis.Client {
	tb.Helper()
	c := redis.NewClient(&redis.Options{Addr: s.Addr()})
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

func (s *Server) signalAndWait(sig syscall.Signal) {
	s.tb.Helper()
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	if p == nil {
		return
	}
	if err := p.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		s.tb.Fatalf("redistest: signal %v: %v", sig, err)
	}
	select {
	case <-p.done:
	case <-time.After(exitTimeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		s.tb.Fatalf("redistest: redis-server did not exit within %s of %v\n%s", exitTimeout, sig, s.logTail())
	}
}

// cleanup kills rather than stops: the data is throwaway, and a hung test should not
// wait on a graceful shutdown.
func (s *Server) cleanup() {
	if s.tb.Failed() {
		s.tb.Logf("redistest: redis-server log tail:\n%s", s.logTail())
	}
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	if p != nil {
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// sentinel is a constant error type, so errAddrInUse needs no package variable.
type sentinel string

func (e sentinel) Error() string { return string(e) }

const errAddrInUse sentinel = "address already in use"

// launch writes the config, starts redis-server and waits until it answers PING as
// this very process (not some other server that took the port).
func (s *Server) launch() error {
	confPath := filepath.Join(s.dir, "redis.conf")
	if err := os.WriteFile(confPath, []byte(s.conf()), 0o600); err != nil {
		return fmt.Errorf("write redis.conf: %w", err)
	}
	logFile, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log: %w", err)
	}
	defer logFile.Close() // the child holds its own descriptor
	// Startup failures are judged on this run's lines only, not on earlier runs'.
	logStart, err := logFile.Seek(0, io.SeekEnd)
	if err != nil {
		return fmt.Errorf("seek log: %w", err)
	}

	cmd := exec.Command(s.bin, confPath)
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("exec %s: %w", s.bin, err)
	}
	p := &process{cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	if err := s.waitReady(p, logStart); err != nil {
		_ = cmd.Process.Kill()
		<-p.done
		return err
	}
	s.mu.Lock()
	s.proc = p
	s.mu.Unlock()
	return nil
}

// conf is the server's config file; a file rather than flags because an empty
// argument (--save "") is fragile across redis-server versions.
func (s *Server) conf() string {
	s.mu.Lock()
	port := s.port
	s.mu.Unlock()
	appendonly := "no"
	if s.set.appendonly {
		appendonly = "yes"
	}
	var cluster []string
	if s.set.cluster {
		cluster = []string{"cluster-enabled yes", "cluster-config-file nodes.conf"}
	}
	return strings.Join(append(cluster,
		"bind 127.0.0.1",
		"port "+strconv.Itoa(port),
		"dir "+strconv.Quote(s.dir),
		"daemonize no",
		`logfile ""`,
		`save ""`,
		"appendonly "+appendonly,
		"appendfsync "+s.set.fsync,
		"",
	), "\n")
}

func (s *Server) waitReady(p *process, logStart int64) error {
	c := redis.NewClient(&redis.Options{
		Addr:        s.Addr(),
		DialTimeout: time.Second,
		MaxRetries:  -1,
	})
	defer c.Close()
	deadline := time.Now().Add(readyTimeout)
	want := strconv.Itoa(p.cmd.Process.Pid)
	for {
		select {
		case <-p.done:
			if s.logSince(logStart, "Address already in use") {
				return errAddrInUse
			}
			return fmt.Errorf("redis-server exited during startup: %v", p.cmd.ProcessState)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		info, err := c.Info(ctx, "server").Result()
		cancel()
		if err == nil && infoField(info, "process_id") == want {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server on %s not ready after %s (last error: %v)", s.Addr(), readyTimeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// logTail is the end of the server's log, for failure messages. Only the tail of the
// latest run matters, so earlier runs' lines are trimmed with the rest.
func (s *Server) logTail() string {
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		return fmt.Sprintf("(no redis-server log: %v)", err)
	}
	if len(b) > logTailBytes {
		b = b[len(b)-logTailBytes:]
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return "redis-server log (" + s.logPath + "):\n" + string(b)
}

// logSince reports whether the log, from offset on, contains needle.
func (s *Server) logSince(offset int64, needle string) bool {
	b, err := os.ReadFile(s.logPath)
	if err != nil || int64(len(b)) < offset {
		return false
	}
	return bytes.Contains(b[offset:], []byte(needle))
}

func infoField(info, key string) string {
	for line := range strings.Lines(info) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), key+":"); ok {
			return v
		}
	}
	return ""
}

// handedOut are the ports freePort has given servers of this process. Tests run in parallel
// stop a server and start it again on its port; were that port handed to another server in
// between, the restart would fail or the test would write into the other test's Redis.
var handedOut = struct {
	sync.Mutex
	ports map[int]bool
}{ports: map[int]bool{}}

// freePort picks a port nothing listens on that no server of this process has had.
func freePort() (int, error) {
	handedOut.Lock()
	defer handedOut.Unlock()
	for range 100 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("listen on 127.0.0.1:0: %w", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !handedOut.ports[port] {
			handedOut.ports[port] = true
			return port, nil
		}
	}
	return 0, fmt.Errorf("no port that this process has not used yet")
}
