package dev.votes.fetch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The extraction target, overwritten from the start and fsynced before it is moved into place. Every failure to write
 * it is a {@link LocalWriteException} (a local problem, not a bad download).
 */
final class TargetFile implements AutoCloseable {

    private final FileChannel channel;

    private TargetFile(FileChannel channel) {
        this.channel = channel;
    }

    static TargetFile overwrite(Path target) throws LocalWriteException {
        try {
            return new TargetFile(FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
        } catch (IOException e) {
            throw new LocalWriteException(e);
        }
    }

    void write(byte[] buffer, int length) throws LocalWriteException {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
        try {
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
        } catch (IOException e) {
            throw new LocalWriteException(e);
        }
    }

    void sync() throws LocalWriteException {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new LocalWriteException(e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
