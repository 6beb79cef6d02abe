#!/usr/bin/python3
"""Test RTSP server: rtsp://127.0.0.1:PORT/stream, like a CCTV camera on the bench.

Usage: rtsp-server.py PORT [FILE]
  FILE  an MP4/MOV with H.264 video, sent as is (no re-encode) and looped forever;
        without it, an H.264 test pattern is encoded live.
Prints "READY rtsp://127.0.0.1:PORT/stream" once the port is bound.
Run it with /usr/bin/python3 (the system one that has python3-gi).
"""
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

MOUNT = "/stream"


def file_pipeline(path: str) -> str:
    location = path.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'( filesrc location="{location}" ! qtdemux name=demux demux.video_0 ! queue '
        "! h264parse name=parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
    )


TEST_PATTERN = (
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 "
    "! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
)


def loop_on_eos(media: GstRtspServer.RTSPMedia) -> None:
    """Restart the file at its end instead of ending the stream.

    The EOS is dropped before it reaches the RTSP sinks and the demuxer gets a
    non-flushing seek to 0: a non-flushing seek keeps the running time going, so
    RTP timestamps continue smoothly across the loop as they would from a camera.
    """
    bin_ = media.get_element()
    demux = bin_.get_by_name("demux")
    parse = bin_.get_by_name("parse")
    if demux is None or parse is None:
        return

    def restart() -> bool:
        demux.seek(1.0, Gst.Format.TIME, Gst.SeekFlags.NONE,
                   Gst.SeekType.SET, 0, Gst.SeekType.NONE, -1)
        return False

    def on_event(_pad, info):
        if info.get_event().type == Gst.EventType.EOS:
            GLib.idle_add(restart)
            return Gst.PadProbeReturn.DROP
        return Gst.PadProbeReturn.OK

    parse.get_static_pad("src").add_probe(Gst.PadProbeType.EVENT_DOWNSTREAM, on_event)


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    port = sys.argv[1]
    Gst.init(None)

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    factory = GstRtspServer.RTSPMediaFactory()
    if len(sys.argv) > 2:
        factory.set_launch(file_pipeline(sys.argv[2]))
        factory.connect("media-configure", lambda _f, media: loop_on_eos(media))
    else:
        factory.set_launch(TEST_PATTERN)
    # Each client gets its own pipeline, so a (re)connecting client starts on a keyframe.
    factory.set_shared(False)
    server.get_mount_points().add_factory(MOUNT, factory)

    if server.attach(None) == 0:
        print(f"cannot bind 127.0.0.1:{port}", file=sys.stderr)
        return 1
    print(f"READY rtsp://127.0.0.1:{port}{MOUNT}", flush=True)

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, sig, loop.quit)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
