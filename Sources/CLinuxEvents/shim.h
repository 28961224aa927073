// Linux APIs that Glibc's Swift module does not export: epoll, eventfd, and the _GNU_SOURCE
// calls accept4 and pthread_setname_np (wrapped so this header need not define _GNU_SOURCE
// for everything that includes it).
#ifndef COLLECT_CLINUXEVENTS_SHIM_H
#define COLLECT_CLINUXEVENTS_SHIM_H

#include <sys/socket.h>
#include <pthread.h>

extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);
extern int pthread_setname_np(pthread_t thread, const char *name);

static inline int clinux_accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags) {
    return accept4(fd, addr, addrlen, flags);
}
static inline int clinux_set_thread_name(const char *name) {
    return pthread_setname_np(pthread_self(), name);
}

#include <sys/epoll.h>
#include <sys/eventfd.h>

static inline uint32_t clinux_epollin(void) { return EPOLLIN; }
static inline uint32_t clinux_epollout(void) { return EPOLLOUT; }
static inline uint32_t clinux_epollerr(void) { return EPOLLERR; }
static inline uint32_t clinux_epollhup(void) { return EPOLLHUP; }
static inline uint32_t clinux_epollrdhup(void) { return EPOLLRDHUP; }

#endif
