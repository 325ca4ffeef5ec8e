using CloudStatus.Edge.Hosting;

// The deployable IoT Edge module: configuration section CloudStatus:Edge (validated at start), the push endpoint
// POST /api/producers/status for registered callers (CloudStatus:Edge:ProducerPush), the health pollers
// (CloudStatus:Edge:HealthPolling), SIP OPTIONS qualify (CloudStatus:Edge:SipQualify), TCP/ICMP reachability
// (CloudStatus:Edge:Reachability), the IoT Hub MQTT transport
// (EdgeHubConnectionString or IotHub:ConnectionString), OpenTelemetry metrics and traces.
await using var app = EdgeModuleProgram.Build(args);
await app.RunAsync();
