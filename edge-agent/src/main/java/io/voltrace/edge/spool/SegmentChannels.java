package io.voltrace.edge.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens the file channel of a new segment; a seam so a test can hand in a channel whose write or fsync fails. */
@FunctionalInterface
interface SegmentChannels {
    SegmentChannels DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
