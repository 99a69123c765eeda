FROM ghcr.io/railwayapp/nixpacks:ubuntu-1745885067

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/


COPY .nixpacks/nixpkgs-5a0711127cd8b916c3d3128f473388c8c79df0da.nix .nixpacks/nixpkgs-5a0711127cd8b916c3d3128f473388c8c79df0da.nix
RUN nix-env -if .nixpacks/nixpkgs-5a0711127cd8b916c3d3128f473388c8c79df0da.nix && nix-collect-garbage -d


ARG CI NIXPACKS_METADATA NODE_ENV NPM_CONFIG_PRODUCTION
ENV CI=$CI NIXPACKS_METADATA=$NIXPACKS_METADATA NODE_ENV=$NODE_ENV NPM_CONFIG_PRODUCTION=$NPM_CONFIG_PRODUCTION

# setup phase
# noop

# install phase
ENV NIXPACKS_PATH=/app/node_modules/.bin:$NIXPACKS_PATH
COPY package.json /app/package.json
COPY bun.lock /app/bun.lock
COPY bunfig.toml /app/bunfig.toml
COPY packages/ui/package.json /app/packages/ui/package.json
COPY apps/web/package.json /app/apps/web/package.json
RUN --mount=type=cache,id=nixpacks-ci-/root/bun,target=/root/.bun bun install --frozen-lockfile --filter @acme/web

# build phase
COPY . /app/.
RUN --mount=type=cache,id=apps-web-node_modules/cache,target=/app/node_modules/.cache bun run --filter @acme/ui build
RUN --mount=type=cache,id=apps-web-node_modules/cache,target=/app/node_modules/.cache bun run --filter @acme/web build


RUN printf '\nPATH=/app/node_modules/.bin:$PATH' >> /root/.profile


# start
COPY . /app

CMD ["cd apps/web && bun run start"]

