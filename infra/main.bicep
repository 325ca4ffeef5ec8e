// Everything `azd up` creates for CloudStatus central: IoT Hub routing CloudStatus batches to Event Hubs, the
// Function App (custom handler, Flex Consumption) that ingests them into Cosmos DB and answers the API, its
// storage and monitoring, the registry for the edge module image, and the managed identities with their roles.
// azd supplies environmentName, location and principalId; every other parameter has a default (docs/deploy.md
// lists the knobs and their azd environment variables).

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; part of every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource.')
param location string

@description('Object id of the person or pipeline running azd: gets IoT Hub data access (device registration, deployments) and read-only Cosmos data access. Empty = none.')
param principalId string = ''

@description('Principal type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Cosmos DB capacity: serverless, autoscale or manual (database-level throughput).')
@allowed([
  'serverless'
  'autoscale'
  'manual'
])
param cosmosCapacityMode string = 'serverless'

@description('Cosmos DB autoscale maximum RU/s (cosmosCapacityMode = autoscale).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Cosmos DB fixed RU/s (cosmosCapacityMode = manual).')
@minValue(400)
param cosmosManualThroughput int = 400

@description('Days events stay in the event log (-1 = forever).')
@minValue(-1)
param eventRetentionDays int = 90

@description('Days dead letters are kept (-1 = forever).')
@minValue(-1)
param deadLetterRetentionDays int = 30

@description('Partitions of the ingest event hub (fixed once created on the Standard tier).')
@minValue(1)
@maxValue(32)
param eventHubPartitionCount int = 4

@description('Event Hubs throughput units.')
@minValue(1)
@maxValue(40)
param eventHubCapacity int = 1

@description('Event Hubs auto-inflate ceiling in throughput units (0 = off).')
@minValue(0)
@maxValue(40)
param eventHubMaximumThroughputUnits int = 0

@description('IoT Hub tier.')
@allowed([
  'S1'
  'S2'
  'S3'
])
param iotHubSku string = 'S1'

@description('IoT Hub units.')
@minValue(1)
@maxValue(200)
param iotHubCapacity int = 1

@description('Most Function App instances (Flex Consumption).')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 100

@description('Memory of each Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 2048

@description('Entra ID audience the API accepts; empty = api://cloudstatus-{environmentName}.')
param apiAudience string = ''

@description('Client id of the API app registration (infra/hooks/entra-apps.sh); set, the API accepts its v2.0 access tokens.')
param entraApiClientId string = ''

@description('Client id of the dashboard app registration (infra/hooks/entra-apps.sh); set, the dashboard signs in with Entra ID.')
param entraDashboardClientId string = ''

var apiIdentifierUri = empty(apiAudience) ? 'api://cloudstatus-${environmentName}' : apiAudience

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var serviceName = 'central'
var databaseName = 'cloudstatus'
var eventHubName = 'cloudstatus-ingest'
var consumerGroupName = 'ingest'
// The IoT Hub route selects what the edge module marks: application property csSchema (WireConstants.SchemaProperty)
// equal to cloudstatus.batch/v1 (WireConstants.SchemaV1). tests/CloudStatus.Infra.Tests checks the two agree.
var routeCondition = 'csSchema = \'cloudstatus.batch/v1\''

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identities 'modules/identities.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    centralIdentityName: 'id-central-${resourceToken}'
    iotHubIdentityName: 'id-iothub-${resourceToken}'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    centralPrincipalId: identities.outputs.centralPrincipalId
  }
}

module eventHubs 'modules/event-hubs.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    namespaceName: 'evhns-${resourceToken}'
    eventHubName: eventHubName
    consumerGroupName: consumerGroupName
    partitionCount: eventHubPartitionCount
    capacity: eventHubCapacity
    maximumThroughputUnits: eventHubMaximumThroughputUnits
    messageRetentionInDays: 1
    centralPrincipalId: identities.outputs.centralPrincipalId
    iotHubPrincipalId: identities.outputs.iotHubPrincipalId
  }
}

// Consumes eventHubs outputs, so it starts only once the routing identity holds Data Sender on the hub.
module iotHub 'modules/iot-hub.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    iotHubName: 'iot-${resourceToken}'
    skuName: iotHubSku
    capacity: iotHubCapacity
    routingIdentityId: identities.outputs.iotHubIdentityId
    eventHubNamespaceName: eventHubs.outputs.namespaceName
    eventHubName: eventHubs.outputs.eventHubName
    routeCondition: routeCondition
    centralPrincipalId: identities.outputs.centralPrincipalId
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
}

module cosmos 'modules/cosmos.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    accountName: 'cosmos-${resourceToken}'
    databaseName: databaseName
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    manualThroughput: cosmosManualThroughput
    eventsTimeToLive: eventRetentionDays < 0 ? -1 : eventRetentionDays * 86400
    deadLettersTimeToLive: deadLetterRetentionDays < 0 ? -1 : deadLetterRetentionDays * 86400
    centralPrincipalId: identities.outputs.centralPrincipalId
    operatorPrincipalId: principalId
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    storageAccountName: 'st${resourceToken}'
    deploymentContainerName: 'app-package-${resourceToken}'
    dispatchQueueName: 'cloudstatus-dispatch'
    centralPrincipalId: identities.outputs.centralPrincipalId
  }
}

module registry 'modules/container-registry.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    registryName: 'cr${resourceToken}'
  }
}

module functionApp 'modules/function-app.bicep' = {
  scope: rg
  params: {
    location: location
    tags: tags
    planName: 'plan-${resourceToken}'
    functionAppName: 'func-${resourceToken}'
    serviceName: serviceName
    centralIdentityId: identities.outputs.centralIdentityId
    centralClientId: identities.outputs.centralClientId
    storageAccountName: storage.outputs.storageAccountName
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    storageQueueEndpoint: storage.outputs.queueEndpoint
    dispatchQueueName: storage.outputs.dispatchQueueName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    eventHubsFullyQualifiedNamespace: eventHubs.outputs.fullyQualifiedNamespace
    eventHubName: eventHubs.outputs.eventHubName
    consumerGroupName: eventHubs.outputs.consumerGroupName
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    iotHubHostName: iotHub.outputs.hostName
    apiAudience: empty(entraApiClientId) ? apiIdentifierUri : entraApiClientId
    dashboardClientId: entraDashboardClientId
    dashboardScope: '${apiIdentifierUri}/user_impersonation'
    tenantClaim: empty(entraApiClientId) ? 'cs_tenant' : 'extn.csTenant'
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
  }
}

// azd stores every output in the environment (.azure/<env>/.env); docs/deploy.md and docs/operations.md use them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.functionAppName
output CENTRAL_URL string = 'https://${functionApp.outputs.defaultHostName}'
output API_URL string = 'https://${functionApp.outputs.defaultHostName}/api/v1'
output API_AUDIENCE string = apiIdentifierUri
output CENTRAL_IDENTITY_CLIENT_ID string = identities.outputs.centralClientId
output IOTHUB_NAME string = iotHub.outputs.iotHubName
output IOTHUB_HOSTNAME string = iotHub.outputs.hostName
output IOTHUB_ROUTE_CONDITION string = routeCondition
output EVENTHUB_NAMESPACE string = eventHubs.outputs.namespaceName
output EVENTHUB_NAME string = eventHubs.outputs.eventHubName
output EVENTHUB_CONSUMER_GROUP string = eventHubs.outputs.consumerGroupName
output COSMOS_ACCOUNT_NAME string = cosmos.outputs.accountName
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output STORAGE_ACCOUNT_NAME string = storage.outputs.storageAccountName
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.logAnalyticsName
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.registryName
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
