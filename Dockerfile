# tsunagu — one static binary; flows/ and dict/ are embedded in it.
# Build: docker build -t tsunagu .
# Run:   docker run -p 8080:8080 -e LINE_CHANNEL_SECRET=… -e LINE_CHANNEL_ACCESS_TOKEN=… \
#          -e DATABASE_URL=postgres://… tsunagu

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags='-s -w' -o /out/tsunagu ./cmd/tsunagu \
 && /out/tsunagu flows check \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tsunagu /usr/local/bin/tsunagu
# The embedded database (used only when DATABASE_URL is unset) lives here;
# mount a volume to keep it.
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV TSUNAGU_ADDR=:8080 TSUNAGU_DATA_DIR=/data
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/tsunagu", "health"]
ENTRYPOINT ["/usr/local/bin/tsunagu"]
CMD ["serve"]
