import FlyingFox
import Foundation
import AttacheSite
import AttacheModel

/// Open pages connected over WebSocket; each gets every build's message.
actor ReloadHub {
    private var clients: [UUID: AsyncStream<WSMessage>.Continuation] = [:]

    func connect(initial: String?) -> AsyncStream<WSMessage> {
        let (stream, continuation) = AsyncStream<WSMessage>.makeStream()
        let id = UUID()
        clients[id] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.disconnect(id) }
        }
        if let initial { continuation.yield(.text(initial)) }
        return stream
    }

    func broadcast(_ text: String) {
        for (id, client) in clients {
            if case .terminated = client.yield(.text(text)) { clients[id] = nil }
        }
    }

    var connectedCount: Int { clients.count }

    private func disconnect(_ id: UUID) { clients[id] = nil }
}

/// The WebSocket endpoint: a page subscribes and receives build messages.
struct ReloadSocket: WSMessageHandler {
    let hub: ReloadHub
    let site: LiveSite

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        // A page that connects while the content has errors sees them at
        // once; otherwise it learns the current version (and an older page
        // reloads: a build finished between serving it and connecting).
        return await hub.connect(initial: await site.greeting())
    }
}
