package tnttest

import "syscall"

// Pause stops the server process (SIGSTOP): connections stay open but
// nothing answers, as with a hung or unreachable peer.
func (s *Server) Pause() {
	if s.cmd != nil {
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGSTOP)
	}
}

// Resume continues a paused server (SIGCONT).
func (s *Server) Resume() {
	if s.cmd != nil {
		syscall.Kill(-s.cmd.Process.Pid, syscall.SIGCONT)
	}
}
