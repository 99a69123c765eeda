FROM debian:bookworm-slim

ENTRYPOINT ["/bin/bash", "-l", "-c"]
WORKDIR /app/

RUN --mount=type=cache,id=fixtures-java-maven-spring-apt,target=/var/cache/apt,sharing=locked rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven bash ca-certificates && rm -rf /var/lib/apt/lists/*

ARG NIXPACKS_METADATA
ENV NIXPACKS_METADATA=$NIXPACKS_METADATA

# build phase
COPY . /app/.
RUN --mount=type=cache,id=fixtures-java-maven-spring-m2/repository,target=/app/.m2/repository mvn -DoutputFile=target/mvn-dependency-list.log -B -DskipTests clean dependency:list install

# setup phase
# noop




# start
COPY . /app

CMD ["java -Dserver.port=$PORT $JAVA_OPTS -jar target/*jar"]

