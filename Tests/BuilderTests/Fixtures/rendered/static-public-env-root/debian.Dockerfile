FROM debian:trixie-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=nixpacks-ci-apt-trixie,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx bash ca-certificates && rm -rf /var/lib/apt/lists/*
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true
COPY .nixpacks/assets /assets/
ARG NIXPACKS_METADATA NIXPACKS_STATICFILE_ROOT
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA NIXPACKS_STATICFILE_ROOT=$NIXPACKS_STATICFILE_ROOT

# setup phase
COPY . /app/.
RUN  mkdir -p /etc/nginx/ /var/log/nginx/ /var/cache/nginx/



# start
COPY . /app

CMD ["[[ -z \"${PORT}\" ]] && echo \"Environment variable PORT not found. Using PORT 80\" || sed -i \"s/0.0.0.0:80/$PORT/g\" /assets/nginx.conf && nginx -c /assets/nginx.conf"]

