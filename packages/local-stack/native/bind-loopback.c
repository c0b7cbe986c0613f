/*
 * LD_PRELOAD shim: makes a process that binds the wildcard address bind loopback instead.
 * DynamoDB Local has no option for its listen address (it always binds 0.0.0.0 / ::), and the
 * local stack must listen on 127.0.0.1 only. IPv4 0.0.0.0 becomes 127.0.0.1; IPv6 :: becomes
 * ::ffff:127.0.0.1 (Java's dual-stack sockets), so clients of 127.0.0.1 still connect.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  static bind_fn real_bind = 0;
  if (!real_bind) real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
  if (addr && addr->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
    struct sockaddr_in copy;
    memcpy(&copy, addr, sizeof copy);
    if (copy.sin_addr.s_addr == htonl(INADDR_ANY)) copy.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return real_bind(fd, (const struct sockaddr *)&copy, sizeof copy);
  }
  if (addr && addr->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
    struct sockaddr_in6 copy;
    memcpy(&copy, addr, sizeof copy);
    if (memcmp(&copy.sin6_addr, &in6addr_any, sizeof in6addr_any) == 0) {
      inet_pton(AF_INET6, "::ffff:127.0.0.1", &copy.sin6_addr);
    }
    return real_bind(fd, (const struct sockaddr *)&copy, sizeof copy);
  }
  return real_bind(fd, addr, len);
}
