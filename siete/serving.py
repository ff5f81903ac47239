"""gunicorn's gthread worker, accepting a connection only while one of its threads is free (issue #18).

Stock gthread accepts whenever its listener is readable, so with a few long-lived keep-alive connections (a load
balancer's or reverse proxy's upstream pool, a benchmark's clients) the worker that wakes first may take all of
them and serve them on one core while the other workers idle ("workers [97, 0] % of a core"). This worker stops
watching the listening socket while every thread is busy with a request and watches it again when one finishes:
new connections wait in the kernel's backlog for a worker with a free thread. Kept-alive connections that are idle
between requests hold no thread and do not count, and they keep being read (unlike `--worker-connections` at its
cap, where stock gthread stops polling its own kept-alive sockets). Use: `--worker-class siete.serving.ThreadWorker`.

Imports nothing of the app: gunicorn loads it in the master before the app.
"""
import selectors
from functools import partial

from gunicorn.workers import gthread


class ThreadWorker(gthread.ThreadWorker):
    def init_process(self):
        self._in_flight = 0
        self._accepting = True
        self._acceptors = []  # (listening socket, its accept callback) as stock gthread registers them
        super().init_process()

    def run(self):
        for sock in self.sockets:
            sock.setblocking(False)
            self._acceptors.append((sock, partial(self.accept, sock.getsockname())))
        # stock run() registers the listeners itself: hand it none and register ours, so they can be paused
        sockets, self.sockets = self.sockets, []
        with self._lock:
            for sock, acceptor in self._acceptors:
                self.poller.register(sock, selectors.EVENT_READ, acceptor)
        try:
            super().run()
        finally:
            self.sockets = sockets
            for sock in sockets:
                sock.close()

    def _set_accepting(self, accepting):
        """Called with self._lock held."""
        if accepting == self._accepting or not self.alive:
            return
        self._accepting = accepting
        for sock, acceptor in self._acceptors:
            try:
                if accepting:
                    self.poller.register(sock, selectors.EVENT_READ, acceptor)
                else:
                    self.poller.unregister(sock)
            except (KeyError, ValueError, OSError):  # the poller or the socket is closing (shutdown)
                pass

    def enqueue_req(self, conn):
        with self._lock:
            self._in_flight += 1
            if self._in_flight >= self.cfg.threads:
                self._set_accepting(False)
        super().enqueue_req(conn)

    def finish_request(self, fs):
        try:
            super().finish_request(fs)
        finally:
            with self._lock:
                self._in_flight -= 1
                if self._in_flight < self.cfg.threads:
                    self._set_accepting(True)
