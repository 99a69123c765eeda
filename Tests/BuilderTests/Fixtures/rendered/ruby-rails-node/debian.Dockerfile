FROM debian:bookworm-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=nixpacks-ci-apt-bookworm,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs yarnpkg rustc procps git curl autoconf bison build-essential libssl-dev libyaml-dev libreadline6-dev zlib1g-dev libncurses5-dev libffi-dev libgdbm6 libgdbm-dev libdb-dev bash ca-certificates && rm -rf /var/lib/apt/lists/*
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt UV_NATIVE_TLS=true
RUN ln -sf /usr/bin/yarnpkg /usr/local/bin/yarn

ARG BUNDLE_GEMFILE GEM_HOME GEM_PATH MALLOC_ARENA_MAX NIXPACKS_METADATA RAILS_LOG_TO_STDOUT RAILS_SERVE_STATIC_FILES
ENV BUNDLE_GEMFILE=$BUNDLE_GEMFILE GEM_HOME=$GEM_HOME GEM_PATH=$GEM_PATH MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX NIXPACKS_METADATA=$NIXPACKS_METADATA RAILS_LOG_TO_STDOUT=$RAILS_LOG_TO_STDOUT RAILS_SERVE_STATIC_FILES=$RAILS_SERVE_STATIC_FILES

# node:setup phase
# noop

# setup phase
ENV NIXPACKS_PATH=$HOME/.rbenv/bin:$NIXPACKS_PATH
ENV PATH=$HOME/.rbenv/bin:$PATH
RUN  curl -fsSL https://github.com/rbenv/rbenv-installer/raw/HEAD/bin/rbenv-installer | bash -s stable && printf '\neval "$(~/.rbenv/bin/rbenv init -)"' >> /root/.profile && . /root/.profile && rbenv install 3.1.4 && rbenv global 3.1.4 && gem install bundler

# install phase
ENV NIXPACKS_PATH=/usr/local/rvm/rubies/3.1.4/bin:/usr/local/rvm/gems/3.1.4/bin:/usr/local/rvm/gems/3.1.4@global/bin:$NIXPACKS_PATH
ENV PATH=/usr/local/rvm/rubies/3.1.4/bin:/usr/local/rvm/gems/3.1.4/bin:/usr/local/rvm/gems/3.1.4@global/bin:$PATH
COPY Gemfile /app/Gemfile
COPY Gemfile.lock /app/Gemfile.lock
RUN --mount=type=cache,id=nixpacks-ci-/root/bundle/cache,target=/root/.bundle/cache bundle install
RUN --mount=type=cache,id=nixpacks-ci-/root/bundle/cache,target=/root/.bundle/cache bundle exec bootsnap precompile --gemfile

# node:install phase
ENV NIXPACKS_PATH=/app/node_modules/.bin:$NIXPACKS_PATH
ENV PATH=/app/node_modules/.bin:$PATH
COPY . /app/.
RUN --mount=type=cache,id=nixpacks-ci-/usr/local/share/cache/yarn/v6,target=/usr/local/share/.cache/yarn/v6 yarn install --frozen-lockfile

# build phase
COPY . /app/.
RUN  bundle exec rake assets:precompile
RUN  bundle exec bootsnap precompile app/ lib/


RUN printf '\nPATH=$HOME/.rbenv/bin:$PATH' >> /root/.profile
RUN printf '\nPATH=/usr/local/rvm/rubies/3.1.4/bin:/usr/local/rvm/gems/3.1.4/bin:/usr/local/rvm/gems/3.1.4@global/bin:$PATH' >> /root/.profile
RUN printf '\nPATH=/app/node_modules/.bin:$PATH' >> /root/.profile


# start
COPY . /app

CMD ["bundle exec bin/rails server -b 0.0.0.0 -p ${PORT:-3000} -e $RAILS_ENV"]

