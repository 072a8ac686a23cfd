import HubServer
import Simulators
print("hub")
