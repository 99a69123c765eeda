FROM debian:trixie-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=nixpacks-ci-apt-trixie,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends cowsay sl python3 python3-venv python3-dev python-is-python3 gcc libc6-dev zlib1g zlib1g-dev libstdc++6 curl wget bash ca-certificates && rm -rf /var/lib/apt/lists/*
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true
RUN ln -sf /usr/games/cowsay /usr/local/bin/cowsay

ARG NIXPACKS_APT_PKGS NIXPACKS_BUILD_CMD NIXPACKS_INSTALL_CACHE_DIRS NIXPACKS_INSTALL_CMD NIXPACKS_LIBS NIXPACKS_METADATA NIXPACKS_PKGS NIXPACKS_START_CMD PIP_DEFAULT_TIMEOUT PIP_DISABLE_PIP_VERSION_CHECK PIP_NO_CACHE_DIR PYTHONDONTWRITEBYTECODE PYTHONFAULTHANDLER PYTHONHASHSEED PYTHONUNBUFFERED
ENV NIXPACKS_APT_PKGS=$NIXPACKS_APT_PKGS NIXPACKS_BUILD_CMD=$NIXPACKS_BUILD_CMD NIXPACKS_INSTALL_CACHE_DIRS=$NIXPACKS_INSTALL_CACHE_DIRS NIXPACKS_INSTALL_CMD=$NIXPACKS_INSTALL_CMD NIXPACKS_LIBS=$NIXPACKS_LIBS NIXPACKS_METADATA=$NIXPACKS_METADATA NIXPACKS_PKGS=$NIXPACKS_PKGS NIXPACKS_START_CMD=$NIXPACKS_START_CMD PIP_DEFAULT_TIMEOUT=$PIP_DEFAULT_TIMEOUT PIP_DISABLE_PIP_VERSION_CHECK=$PIP_DISABLE_PIP_VERSION_CHECK PIP_NO_CACHE_DIR=$PIP_NO_CACHE_DIR PYTHONDONTWRITEBYTECODE=$PYTHONDONTWRITEBYTECODE PYTHONFAULTHANDLER=$PYTHONFAULTHANDLER PYTHONHASHSEED=$PYTHONHASHSEED PYTHONUNBUFFERED=$PYTHONUNBUFFERED

# setup phase
# noop

# install phase
ENV NIXPACKS_PATH=/opt/venv/bin:$NIXPACKS_PATH
ENV PATH=/opt/venv/bin:$PATH
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/a,target=/a --mount=type=cache,id=nixpacks-ci-/b,target=/b pip install -r requirements.txt --user

# build phase
COPY . /app/.
RUN  python -m compileall .


RUN printf '\nPATH=/opt/venv/bin:$PATH' >> /root/.profile


# start
COPY . /app

CMD ["python main.py --prod"]

