# Janus (Debian package, VideoRoom plugin) with Vårdportalen's generated configuration (devtools/janus.py).
# Built by docker-compose.yml's janus service; media never pass through the web containers.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends janus python3 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10002 --home-dir /janus --shell /usr/sbin/nologin janus \
    && mkdir -p /janus/conf && chown janus:janus /janus/conf
WORKDIR /janus
COPY devtools/__init__.py devtools/janus.py /janus/devtools/
USER janus
EXPOSE 8088 7088
CMD ["python3", "-m", "devtools.janus", "--host", "0.0.0.0", "--dir", "/janus/conf"]
