#!/bin/bash
# Container health check: healthy when /q/health/ready answers 200 (HTTP up, database reachable).
# Plain bash, because JRE base images need not ship curl or wget.
exec 3<>"/dev/tcp/127.0.0.1/${QUARKUS_HTTP_PORT:-8080}" || exit 1
printf 'GET /q/health/ready HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r status <&3 || exit 1
[[ $status == "HTTP/1."[01]" 200"* ]]
