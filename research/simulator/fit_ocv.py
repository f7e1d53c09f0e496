import numpy as np
from scipy.optimize import least_squares
tabs={'NMC':([0,5,10,15,20,25,30,35,40,45,50,55,60,65,70,75,80,85,90,95,100],[3.000,3.400,3.500,3.560,3.600,3.630,3.655,3.675,3.695,3.715,3.742,3.772,3.810,3.850,3.890,3.930,3.972,4.020,4.070,4.122,4.190]),
'LFP':([0,5,10,20,30,40,50,60,70,80,90,95,100],[2.500,3.100,3.200,3.250,3.275,3.290,3.300,3.310,3.325,3.335,3.345,3.380,3.600])}
def model(p,z):
    a,b,A1,c1,w1,A2,c2,w2,B,w0,C,w3=p
    return a+b*z+A1/(1+np.exp(-(z-c1)/w1))+A2/(1+np.exp(-(z-c2)/w2))-B*np.exp(-z/w0)+C*np.exp((z-1)/w3)
for name,(s,v) in tabs.items():
    z=np.array(s)/100; v=np.array(v)
    # dense piecewise-linear target: the table as the estimator reads it
    zz=np.linspace(0,1,401); vv=np.interp(zz,z,v)
    p0=[3.4,0.3,0.2,0.6,0.08,0.05,0.3,0.05,0.4,0.03,0.05,0.03] if name=='NMC' else [3.2,0.1,0.03,0.6,0.05,0.02,0.2,0.05,0.6,0.02,0.2,0.02]
    lb=[2,-1,-1,-0.2,0.005,-1,-0.2,0.005,0,0.003,0,0.003]; ub=[5,2,1,1.2,0.5,1,1.2,0.5,3,0.3,1,0.3]
    w=np.where((zz>0.05)&(zz<0.95),1.0,0.3)
    r=least_squares(lambda p:(model(p,zz)-vv)*w,p0,bounds=(lb,ub))
    res=model(r.x,zz)-vv
    m=(zz>=0.1)&(zz<=0.9)
    print(name,'params',[round(x,5) for x in r.x])
    print(' resid 10-90%%: max %.1f mV rms %.1f mV; 5-95 max %.1f'%(1000*abs(res[m]).max(),1000*np.sqrt((res[m]**2).mean()),1000*abs(res[(zz>=.05)&(zz<=.95)]).max()))
    for zi in [0,0.05,0.1,0.2,0.3,0.5,0.7,0.9,0.95,1]: print('  ',zi, round(float(model(r.x,zi)),4), round(float(np.interp(zi,z,v)),4))
