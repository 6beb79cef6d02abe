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
        f'( filesrc location="{location}" ! qtdemux name=demux demux.video_0 '
        "! h264parse name=parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
    )


TEST_PATTERN = (
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 "
    "! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96 )"
)


def loop_on_eos(media: GstRtspServer.RTSPMedia) -> None:
    """Restart the file at its end instead of ending the stream, like a camera that never stops.

    At EOS the demuxer gets a flushing seek back to 0. The EOS and the seek's flush events are
    dropped at the parser, so the RTSP sinks never see the stream end, and a pad offset moves the
    replay after what was already played, so RTP timestamps keep increasing smoothly.
    """
    bin_ = media.get_element()
    demux = bin_.get_by_name("demux")
    parse = bin_.get_by_name("parse")
    if demux is None or parse is None:
        return
    pad = parse.get_static_pad("sink")
    played = 0  # running time of the loops already played, ns
    loop_end = 0  # end of the latest buffer of this loop, ns
    rewinding = False

    def rewind() -> bool:
        demux.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH, 0)
        return False

    def on_data(probe_pad, info):
        nonlocal played, loop_end, rewinding
        if info.type & Gst.PadProbeType.BUFFER:
            buf = info.get_buffer()
            if buf.pts != Gst.CLOCK_TIME_NONE:
                duration = buf.duration if buf.duration != Gst.CLOCK_TIME_NONE else 0
                loop_end = max(loop_end, buf.pts + duration)
            return Gst.PadProbeReturn.OK
        kind = info.get_event().type
        if kind == Gst.EventType.EOS:
            played += loop_end
            loop_end = 0
            rewinding = True
            probe_pad.set_offset(played)
            GLib.idle_add(rewind)
            return Gst.PadProbeReturn.DROP
        if rewinding and kind in (Gst.EventType.FLUSH_START, Gst.EventType.FLUSH_STOP):
            rewinding = kind == Gst.EventType.FLUSH_START
            return Gst.PadProbeReturn.DROP
        return Gst.PadProbeReturn.OK

    pad.add_probe(Gst.PadProbeType.BUFFER | Gst.PadProbeType.EVENT_DOWNSTREAM
                  | Gst.PadProbeType.EVENT_FLUSH, on_data)


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
