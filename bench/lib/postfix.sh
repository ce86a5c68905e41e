# shellcheck shell=bash
# A private Postfix instance for the benchmarks (Debian's postfix package, installed without its
# own configuration and not started): it listens on 127.0.0.1:PORT and delivers mail for
# USER@example.com into DIR/mail/USER/new (Maildir), run as the given users only. A real MTA
# answers EHLO in one write; GreenMail writes each EHLO line apart and its Nagle waits out the
# client's delayed ACK, 40 ms on every mail (docs/notifier.md, "Benchmark").
# Usage: start_postfix DIR PORT USER...   stop_postfix DIR
start_postfix() {
  local dir=$1 port=$2 users="" u
  shift 2
  for u in "$@"; do users="$users $u@example.com=$u/"; done
  mkdir -p "$dir/conf" "$dir/queue" "$dir/data" "$dir/mail"
  # postfix and nobody must reach their directories (mktemp -d makes it 0700).
  chmod 755 "$dir"
  chown postfix "$dir/data"
  chown nobody:nogroup "$dir/mail"
  cp /usr/share/postfix/master.cf.dist "$dir/conf/master.cf"
  sed -i "s/^smtp      inet  n       -       y       -       -       smtpd/127.0.0.1:$port inet n - n - - smtpd/" "$dir/conf/master.cf"
  cat >"$dir/conf/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
myhostname = bench.local
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
message_size_limit = 0
virtual_mailbox_limit = 0
virtual_mailbox_domains = example.com
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = inline:{$users }
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
virtual_minimum_uid = 1
maillog_file_prefixes = $dir
maillog_file = $dir/maillog
biff = no
CONF
  (setsid postfix -c "$dir/conf" start-fg >"$dir/postfix.out" 2>&1 </dev/null &)
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  cat "$dir/postfix.out" >&2
  return 1
}

stop_postfix() {
  postfix -c "$1/conf" stop >/dev/null 2>&1 || true
}
