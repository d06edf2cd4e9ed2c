# CareerBot in a container: the same steps CI proves (a wheel installed into a clean
# environment with the pinned versions), nothing else. Build: docker build -t careerbot .
FROM python:3.11-slim AS build
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir --quiet "setuptools>=77" wheel \
 && pip wheel . --no-deps --quiet -w /dist

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 careerbot \
 && install -d -o careerbot -g careerbot /var/lib/careerbot  # the volume starts owned by it
COPY --from=build /dist /dist
COPY constraints.txt /tmp/constraints.txt
RUN pip install --no-cache-dir --quiet -c /tmp/constraints.txt /dist/careerbot-*.whl \
 && rm -rf /dist /tmp/constraints.txt
USER careerbot
WORKDIR /home/careerbot
# The database lives on a volume; a school's own knowledge base can be mounted at /data
# (then set CAREERBOT_DATA_DIR=/data). The token comes from the environment, never the image.
ENV CAREERBOT_DB_PATH=/var/lib/careerbot/careerbot.db
VOLUME ["/var/lib/careerbot"]
CMD ["careerbot", "run"]
