// Built-in role definition ids (the same in every tenant), imported by the modules that assign them.

@export()
@description('Azure RBAC built-in roles, by name.')
var roleIds = {
  // Event Hubs: the Functions trigger reads, IoT Hub routing writes.
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  // IoT Hub data plane: module direct methods (commands, resync); registry and twins for the operator.
  iotHubDataContributor: '4fc6c259-987e-4a07-842e-c321cc9d413f'
  // Storage for the Functions host (AzureWebJobsStorage by identity) and the Flex deployment container.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  // Application Insights ingestion with Entra ID (local auth off).
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

@export()
@description('Cosmos DB for NoSQL built-in data-plane roles (sqlRoleDefinitions of every account).')
var cosmosRoleIds = {
  dataReader: '00000000-0000-0000-0000-000000000001'
  dataContributor: '00000000-0000-0000-0000-000000000002'
}
