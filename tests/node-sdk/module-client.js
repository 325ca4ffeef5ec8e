// Drives Microsoft's unmodified Azure IoT device SDK (ModuleClient over Mqtt or MqttWs) against the dev hub, for
// tests/CloudStatus.Dev.Tests/Hub/NodeSdkConformanceTests.cs. Prints one JSON object per line on stdout; exits when
// stdin closes (the test is done) or on the first error.
//
// Environment: CS_CONNECTION_STRING (module connection string, GatewayHostName=127.0.0.1), CS_TRANSPORT (mqtt | mqttws),
// CS_TLS_PORT, CS_WS_PORT, CS_CA_PEM (the dev hub's CA), CS_BATCH (a StatusBatch JSON), CS_GZIP (1 to gzip it).
'use strict';
const https = require('node:https');
const net = require('node:net');
const tls = require('node:tls');
const zlib = require('node:zlib');
const { ModuleClient, Message } = require('azure-iot-device');
const { Mqtt, MqttWs } = require('azure-iot-device-mqtt');

const env = process.env;
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');
const fail = (error) => {
  emit({ event: 'error', message: String(error && error.stack || error) });
  process.exit(1);
};

// The SDK connects to mqtts://{GatewayHostName} (a port may follow the host) or wss://{GatewayHostName}:443/$iothub/websocket.
// The dev hub listens on free loopback ports: the host gets the TLS port, and the WebSocket connection goes through
// the SDK's own mqtt.webSocketAgent option (its proxy hook) with an agent that dials the hub's HTTPS port instead of 443.
class LoopbackPortAgent extends https.Agent {
  constructor(port, ca) {
    super({ ca });
    this.port = port;
    this.ca = ca;
  }

  createConnection(options, callback) {
    const target = { ...options, port: this.port, ca: this.ca };
    if (net.isIP(target.servername || '')) {
      delete target.servername; // SNI carries host names only
    }

    return tls.connect(target, callback);
  }
}

async function main() {
  const ca = env.CS_CA_PEM;
  const webSockets = env.CS_TRANSPORT === 'mqttws';
  let connectionString = env.CS_CONNECTION_STRING;
  const options = { ca };
  if (webSockets) {
    options.mqtt = { webSocketAgent: new LoopbackPortAgent(Number(env.CS_WS_PORT), ca) };
  } else {
    connectionString = connectionString.replace(/GatewayHostName=([^;]+)/, `GatewayHostName=$1:${env.CS_TLS_PORT}`);
  }

  const client = ModuleClient.fromConnectionString(connectionString, webSockets ? MqttWs : Mqtt);
  client.on('error', fail);
  await client.setOptions(options);
  await client.open();
  emit({ event: 'connected', transport: env.CS_TRANSPORT });

  client.onMethod('reboot', (request, response) => {
    emit({ event: 'method', name: request.methodName, payload: request.payload });
    response.send(200, { rebooted: true, by: 'azure-iot-device-mqtt' }, (error) => emit({ event: 'methodAnswered', error: error ? String(error) : null }));
  });

  const batch = JSON.parse(env.CS_BATCH);
  const gzip = env.CS_GZIP === '1';
  const message = new Message(gzip ? zlib.gzipSync(Buffer.from(env.CS_BATCH)) : Buffer.from(env.CS_BATCH));
  message.messageId = `${batch.serverId}:${batch.epoch}:${batch.kind}:${batch.seqFrom}-${batch.seqTo}`;
  message.contentType = 'application/json';
  message.contentEncoding = gzip ? 'gzip' : 'utf-8';
  message.properties.add('csSchema', batch.schema);
  message.properties.add('csKind', batch.kind);
  await client.sendEvent(message);
  emit({ event: 'sent', messageId: message.messageId, gzip });

  const twin = await client.getTwin();
  emit({ event: 'twin', desired: twin.properties.desired, reported: twin.properties.reported });
  twin.on('properties.desired', (patch) => emit({ event: 'desired', patch }));

  await new Promise((resolve, reject) =>
    twin.properties.reported.update({ sdk: 'azure-iot-device-mqtt', transport: env.CS_TRANSPORT }, (error) => (error ? reject(error) : resolve())));
  emit({ event: 'reported' });

  process.stdin.resume();
  process.stdin.on('end', async () => {
    await client.close();
    emit({ event: 'closed' });
    process.exit(0);
  });
}

main().catch(fail);
